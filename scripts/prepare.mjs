// `npm install` and `npm ci` run this (the `prepare` script): compile to dist/ when TypeScript is installed.
// An install without dev dependencies (`npm ci --omit=dev` on an already built tree) has no compiler and
// keeps the dist/ it was given.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  process.stdout.write('prepare: TypeScript is not installed (production install); keeping dist/ as it is\n');
  process.exit(0);
}
const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
