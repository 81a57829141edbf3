/**
 * Maps every failure to `{"error": {code, message, requestId, docs, retryable, path?}}`. Domain errors
 * keep their catalog code; framework errors get theirs; anything else is a logged 500 with no internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../domain/errors/catalog/index.ts';
import { isStoreUnavailable } from '../../adapters/store/unavailable.ts';
import { DomainError, isDomainError } from '../../domain/errors/domain-error.ts';

const docsLink = (code: ErrorCode): string => `/errors#${code.toLowerCase()}`;

interface AjvIssue {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

const pointerOf = (issue: AjvIssue): string => {
  const base = issue.instancePath ?? '';
  const extra = issue.params?.['additionalProperty'] ?? issue.params?.['missingProperty'];
  return typeof extra === 'string' ? `${base}/${extra}` : base || '/';
};

const fromValidation = (error: FastifyError): DomainError => {
  const issue = (error.validation?.[0] ?? {}) as AjvIssue;
  const path = pointerOf(issue);
  const part = error.validationContext ?? 'body';
  if (issue.keyword === 'taiText') {
    const message = `${part} ${path} holds characters refused here (a lone surrogate, a control character or a bidirectional override).`;
    return new DomainError('TAI-REQ-TEXT-INVALID', { path, message, detail: error.message });
  }
  const what = issue.keyword === 'additionalProperties' ? 'is not a known field' : (issue.message ?? 'is invalid');
  return new DomainError('TAI-REQ-VALIDATION', { path, message: `${part} ${path} ${what}.`, detail: error.message });
};

/**
 * Any other 4xx a framework part raises (Fastify's framing checks, @fastify/static's refusals of `..` or
 * NUL in a /docs path): a client error in the catalog's terms, never a 500.
 */
const frameworkRefusal = (e: Partial<FastifyError> | undefined): DomainError | undefined => {
  const status = e?.statusCode ?? 500;
  if (status < 400 || status >= 500) return undefined;
  const detail = e?.code ?? e?.message ?? String(status);
  return new DomainError(status === 404 ? 'TAI-REQ-NOT-FOUND' : 'TAI-REQ-BAD-REQUEST', { detail });
};

/** Classifies a thrown value; undefined means unclassified (a bug or an outage we did not foresee). */
const classify = (error: unknown): DomainError | undefined => {
  if (isDomainError(error)) return error;
  const e = error as Partial<FastifyError> | undefined;
  if (e?.validation) return fromValidation(e as FastifyError);
  if (isStoreUnavailable(error)) return new DomainError('TAI-STORE-UNAVAILABLE');
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('TAI-REQ-TOO-LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError('TAI-REQ-UNSUPPORTED-MEDIA-TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError('TAI-REQ-MALFORMED-JSON');
    default:
      if (error instanceof SyntaxError && e?.statusCode === 400) return new DomainError('TAI-REQ-MALFORMED-JSON');
      return frameworkRefusal(e);
  }
};

/** The catalog body of `error`: `{ error: { code, message, requestId, docs, retryable, path?, receiptId? } }`. */
export const errorBody = (error: DomainError, requestId: string) => ({
  error: {
    code: error.code,
    message: error.message,
    requestId,
    docs: docsLink(error.code),
    retryable: error.retryable,
    ...(error.path === undefined ? {} : { path: error.path }),
    ...(error.receiptId === undefined ? {} : { receiptId: error.receiptId }),
  },
});

export const sendError = (reply: FastifyReply, request: FastifyRequest, error: DomainError): FastifyReply =>
  reply.status(error.status).send(errorBody(error, request.id));

export const errorHandler = (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
  const known = classify(error);
  if (known) {
    if (known.status >= 500) request.log.error({ err: error, code: known.code }, known.detail ?? known.message);
    else request.log.info({ code: known.code, path: known.path, detail: known.detail }, 'request refused');
    return sendError(reply, request, known);
  }
  request.log.error({ err: error }, 'unclassified failure');
  return sendError(reply, request, new DomainError('TAI-INTERNAL'));
};
