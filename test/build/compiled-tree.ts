/**
 * A copy of the service as production installs it: bin/, package.json and the compiled dist/, with a
 * node_modules that holds only the production dependencies (links into the repository's). A dev dependency
 * imported by compiled code, or tsx loaded by the launcher, fails to resolve here.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** `npm run build`, incremental: quick when dist/ is current. */
export const buildDist = (): void => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
};

export const productionTree = (options: { withDist: boolean }): string => {
  const tree = mkdtempSync(join(tmpdir(), 'tai-compiled-'));
  cpSync(join(ROOT, 'bin'), join(tree, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(tree, 'package.json'));
  if (options.withDist) cpSync(join(ROOT, 'dist'), join(tree, 'dist'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(pkg.dependencies)) {
    const link = join(tree, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), link, 'dir');
  }
  return tree;
};
