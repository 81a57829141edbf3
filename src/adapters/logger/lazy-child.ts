/**
 * A child logger made on its first line: a traced request's services log through one, and most requests
 * write no line of their own, so they never pay for the child (a pino child serializes its bindings).
 */
import type { LogFields, Logger } from './interface.ts';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

class LazyChild implements Logger {
  #made: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: LogFields,
  ) {}

  #logger(): Logger {
    this.#made ??= this.parent.child(this.bindings);
    return this.#made;
  }

  #write(level: Level, first: LogFields | string, msg: string | undefined): void {
    const logger = this.#logger();
    if (typeof first === 'string') logger[level](first);
    else logger[level](first, msg);
  }

  trace(first: LogFields | string, msg?: string): void {
    this.#write('trace', first, msg);
  }
  debug(first: LogFields | string, msg?: string): void {
    this.#write('debug', first, msg);
  }
  info(first: LogFields | string, msg?: string): void {
    this.#write('info', first, msg);
  }
  warn(first: LogFields | string, msg?: string): void {
    this.#write('warn', first, msg);
  }
  error(first: LogFields | string, msg?: string): void {
    this.#write('error', first, msg);
  }
  fatal(first: LogFields | string, msg?: string): void {
    this.#write('fatal', first, msg);
  }
  child(bindings: LogFields): Logger {
    return this.#logger().child(bindings);
  }
}

export const lazyChild = (parent: Logger, bindings: LogFields): Logger => new LazyChild(parent, bindings);
