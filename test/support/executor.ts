/** Helpers for the command executor's tests: fixture paths, scratch directories, and process liveness. */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = resolve(fileURLToPath(new URL('.', import.meta.url)), '../fixtures/executor');

/** Absolute path of a fixture script, made executable (git does not always keep the bit). */
export const fixture = (name: string): string => {
  const path = join(FIXTURES, name);
  chmodSync(path, 0o755);
  return path;
};

export const scratchDir = (): { path: string; remove: () => void } => {
  const path = mkdtempSync(join(tmpdir(), 'tai-executor-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};

/** Polls for a file a child writes (atomically, by rename); real processes need real waiting, but only this. */
export const waitForFile = async (path: string, timeoutMs = 2000): Promise<string> => {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return readFileSync(path, 'utf8').trim();
};

/** Gone, or a zombie: an orphan killed here may wait for a reaper this container's PID 1 never runs. */
export const isDead = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
};

/**
 * The outcome arrives once the group's pipes are closed; a child that has closed them is already inside exit(),
 * but may show as running for a moment more. Allow it that moment, no more.
 */
export const diesPromptly = async (pid: number, withinMs = 500): Promise<boolean> => {
  const deadline = Date.now() + withinMs;
  while (!isDead(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 2));
  }
  return true;
};
