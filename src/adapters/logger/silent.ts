/** A logger that writes nothing: for tests and for CLI commands whose output is their own. */
import type { Logger } from './interface.ts';

const nothing = (): void => undefined;

export const silentLogger: Logger = {
  trace: nothing,
  debug: nothing,
  info: nothing,
  warn: nothing,
  error: nothing,
  fatal: nothing,
  child: () => silentLogger,
};
