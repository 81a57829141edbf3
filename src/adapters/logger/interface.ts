/**
 * The logger port: structured lines with a message, leveled, and children that carry bindings (a
 * request id, a customer's pseudonym). pino, which Fastify uses, satisfies it; tests use a silent one.
 * Nothing secret goes in: the pino adapter redacts the known secret fields as a second line of defence.
 */
export type LogFields = Readonly<Record<string, unknown>>;

export interface LogFn {
  (fields: LogFields, msg?: string): void;
  (msg: string): void;
}

export interface Logger {
  readonly trace: LogFn;
  readonly debug: LogFn;
  readonly info: LogFn;
  readonly warn: LogFn;
  readonly error: LogFn;
  readonly fatal: LogFn;
  child(bindings: LogFields): Logger;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
