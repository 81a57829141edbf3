/**
 * Recovery's fallback for a command whose pid was never recorded: found by its working directory, stopped
 * with its process group; a process working elsewhere is left alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stopByWorkDir } from './orphans.ts';

const root = mkdtempSync(join(tmpdir(), 'tai-orphans-'));
const started: ChildProcess[] = [];
afterAll(() => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

const sleeper = (cwd: string): ChildProcess => {
  mkdirSync(cwd, { recursive: true });
  // A shell leading its own group with a child of its own, as a deployment command may have.
  const c = spawn('/bin/sh', ['-c', 'sleep 600 & wait'], { cwd, detached: true, stdio: 'ignore' });
  started.push(c);
  return c;
};
const exited = (c: ChildProcess): Promise<NodeJS.Signals | null> =>
  new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) resolve(c.signalCode);
    else c.once('exit', (_code, signal) => resolve(signal));
  });

describe.skipIf(process.platform !== 'linux')('stopByWorkDir', () => {
  it("stops the group of a process working in the deployment's directory, and nothing else", async () => {
    const mine = sleeper(join(root, 'dep_1-a1b2'));
    const other = sleeper(join(root, 'dep_2-c3d4'));
    await Promise.all([mine, other].map((c) => new Promise((r) => c.once('spawn', r))));
    // The shell and its sleep both work there: the group is stopped once per process found.
    expect(stopByWorkDir(root, 'dep_1')).toBeGreaterThanOrEqual(1);
    expect(await exited(mine)).toBe('SIGKILL');
    expect(other.exitCode === null && other.signalCode === null).toBe(true);
    expect(stopByWorkDir(root, 'dep_9')).toBe(0);
  });
});
