/** Standalone entry for `tai verify`: `node --import tsx src/edges/cli/verify/main-entry.ts <bundle.json> ...`. */
import { runVerify } from './run-verify.ts';

process.exitCode = await runVerify(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
