/**
 * The real validators the deployment checks run (promtool, amtool, actionlint). Locally a missing tool
 * skips its check; in CI (CI=true), where .ci/run installs them, a missing tool fails the check instead.
 */
import { spawnSync } from 'node:child_process';

const inCi = (): boolean => process.env['CI'] === 'true' || process.env['CI'] === '1';

const hasTool = (name: string): boolean => spawnSync(name, ['--version'], { stdio: 'ignore' }).error === undefined;

/** Whether a check that needs `name` runs here; throws in CI when the tool is missing. */
export const toolAvailable = (name: string): boolean => {
  if (hasTool(name)) return true;
  if (inCi()) throw new Error(`${name} is not installed, and CI must not skip its check (.ci/run installs it)`);
  return false;
};

export const run = (cmd: string, args: readonly string[], cwd?: string): { status: number | null; output: string } => {
  const r = spawnSync(cmd, [...args], { encoding: 'utf8', ...(cwd === undefined ? {} : { cwd }) });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
};
