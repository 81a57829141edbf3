/** The production logger: pino, JSON lines, secrets redacted; the same instance serves Fastify's request logs. */
import { pino, type Logger as PinoLogger } from 'pino';
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

export const createPinoLogger = (options: { level: LogLevel; stream?: NodeJS.WritableStream }): PinoLogger =>
  pino(
    { level: options.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    options.stream ?? process.stdout,
  );
