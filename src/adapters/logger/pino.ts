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
 * `traceIds`, when given (tracing on), adds trace_id and span_id to every line written inside a traced
 * request; without it no mixin runs at all.
 */
export const createPinoLogger = (options: {
  level: LogLevel;
  stream?: NodeJS.WritableStream;
  traceIds?: () => object | undefined;
}): PinoLogger => {
  const ids = options.traceIds;
  return pino(
    {
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // A traced request's own logger names its server span; other lines take the active span's ids.
      ...(ids === undefined
        ? {}
        : { mixin: (_o: object, _l: number, logger: object) => requestLoggerIds.get(logger) ?? ids() ?? {} }),
    },
    options.stream ?? process.stdout,
  );
};
