/**
 * Refusals made before a route runs, in the catalog's body: Fastify's router (a path that does not decode,
 * a path parameter over the length limit), Node's HTTP parser (garbage, contradictory framing, headers over
 * the size limit, a timeout) and an `Expect` other than 100-continue. The parser's refusals have no request
 * yet, so they are written as a raw HTTP/1.1 answer and the connection is closed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { ErrorCode } from '../../domain/errors/catalog/index.ts';
import { errorBody, sendError } from './errors.ts';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  417: 'Expectation Failed',
  431: 'Request Header Fields Too Large',
};

/** Fastify's `frameworkErrors` option: router refusals. */
export const frameworkErrors = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
  const code: ErrorCode = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'TAI-REQ-URI-TOO-LONG' : 'TAI-REQ-BAD-URL';
  request.log.info({ code, detail: error.code }, 'request refused');
  void sendError(reply, request, new DomainError(code, { detail: error.message }));
};

const clientErrorCode = (code: string | undefined): ErrorCode => {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 'TAI-REQ-HEADERS-TOO-LARGE';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'TAI-REQ-TIMEOUT';
    default:
      return 'TAI-REQ-BAD-REQUEST';
  }
};

const rawAnswer = (error: DomainError, requestId: string, extra = ''): string => {
  const body = JSON.stringify(errorBody(error, requestId));
  return (
    `HTTP/1.1 ${error.status} ${STATUS_TEXT[error.status] ?? 'Error'}\r\n` +
    `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
    `x-request-id: ${requestId}\r\nx-content-type-options: nosniff\r\ncache-control: no-store\r\n` +
    `${extra}connection: close\r\n\r\n${body}`
  );
};

/** Fastify's `clientErrorHandler` option: Node's HTTP parser refused the bytes. */
export const clientErrorHandler =
  (newRequestId: () => string, log: (detail: Record<string, unknown>) => void) =>
  (err: NodeJS.ErrnoException, socket: Socket): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const error = new DomainError(clientErrorCode(err.code), { detail: err.code ?? err.message });
    const requestId = newRequestId();
    log({ requestId, code: error.code, detail: err.code });
    if (socket.writable) socket.end(rawAnswer(error, requestId));
    else socket.destroy();
  };

/** Node's `checkExpectation` event: an `Expect` header other than 100-continue. */
export const expectationFailed =
  (newRequestId: () => string) =>
  (_req: IncomingMessage, res: ServerResponse): void => {
    const requestId = newRequestId();
    const body = JSON.stringify(errorBody(new DomainError('TAI-REQ-EXPECTATION-FAILED'), requestId));
    res.writeHead(417, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'x-request-id': requestId,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      connection: 'close',
    });
    res.end(body);
  };
