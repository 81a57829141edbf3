/**
 * `tai verify` as bin/tai.mjs starts it: this module and what verification needs, without the rest of
 * the command tree (loading the service, its drivers and every other command took longer than checking
 * 20,000 receipts). The same parser and answers as `tai verify` through main.ts.
 */
import type { CliIo } from '../io.ts';
import { runVerify } from './run-verify.ts';

/** argv as main.ts takes it: `verify` first. */
export const main = async (argv: readonly string[], io: CliIo): Promise<number> => {
  try {
    return await runVerify(argv.slice(1), io);
  } catch (e) {
    const { reportFailure } = await import('../failure.ts');
    return reportFailure('tai verify', e, io);
  }
};
