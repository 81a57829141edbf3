/** The production logger: pino, JSON lines, secrets redacted; the same instance serves Fastify's request logs. */
import { pino, type Logger as PinoLogger } from 'pino';
import { requestLoggerIds } from '../tracing/spans.ts';
import type { LogLevel } from './interface.ts';

/** Paths whose values never reach a log line. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.secret',
  '*.adminToken',
  '*.apiKey',
  '*.password',
];

/**
 * `traced` (tracing on) adds trace_id and span_id to the lines of a traced request's Fastify logger,
 * wherever they are written; without it no mixin runs at all. (The services' lines for a traced request
 * carry them as bindings of their own child logger: edges/http/telemetry.ts.)
 */
export const createPinoLogger = (options: {
  level: LogLevel;
  stream?: NodeJS.WritableStream;
  traced?: boolean;
}): PinoLogger =>
  pino(
    {
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      ...(options.traced === true
        ? { mixin: (_o: object, _l: number, logger: object) => requestLoggerIds.get(logger) ?? {} }
        : {}),
    },
    options.stream ?? process.stdout,
  );
