/**
 * What recovery does on this machine for a deployment whose instance died: stop the process group that
 * may still run its command, and remove its working directories. A recorded pid is trusted only while
 * it is provably ours: a living leader must still have its working directory under the deployment's
 * own directory; a dead leader's group id cannot have been reused while members of the group remain.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

type StopResult = 'stopped' | 'gone' | 'not_ours';

const alive = (target: number): boolean => {
  try {
    process.kill(target, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but is another user's, so it is not a group we started.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const cwdOf = (pid: number): string | null => {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
};

export const stopOrphanGroup = (
  o: { readonly pid: number; readonly pgid: number; readonly deploymentId: string },
  workRoot: string,
): StopResult => {
  if (alive(o.pid)) {
    const cwd = cwdOf(o.pid);
    if (cwd === null || !cwd.startsWith(join(workRoot, `${o.deploymentId}-`))) return 'not_ours';
  } else if (!alive(-o.pgid)) return 'gone';
  try {
    process.kill(-o.pgid, 'SIGKILL');
    return 'stopped';
  } catch {
    return 'gone';
  }
};

/**
 * Stops the process group of every process whose working directory lies in one of the deployment's own
 * directories (`<workRoot>/<deploymentId>-*`, the proof that it is ours, as for a living recorded leader).
 * This finds a command whose instance died after starting it but before its pid was recorded, which the
 * recorded pid cannot. Commands lead their own group (pgid = pid), so each is stopped with its group; a
 * process that leads none is stopped alone. Reads /proc; elsewhere it finds nothing. Returns how many.
 */
export const stopByWorkDir = (workRoot: string, deploymentId: string): number => {
  let stopped = 0;
  for (const pid of pidsWorkingIn(join(workRoot, `${deploymentId}-`))) {
    try {
      process.kill(-pid, 'SIGKILL');
      stopped++;
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
        stopped++;
      } catch {
        // Gone meanwhile.
      }
    }
  }
  return stopped;
};

/** The pids of the processes (this one aside) whose working directory starts with `prefix`, from /proc; none elsewhere. */
export const pidsWorkingIn = (prefix: string): number[] => {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid !== process.pid && (cwdOf(pid)?.startsWith(prefix) ?? false)) pids.push(pid);
  }
  return pids;
};

/** Removes `<workRoot>/<deploymentId>-*`; returns how many it removed. */
export const removeWorkDirs = async (workRoot: string, deploymentId: string): Promise<number> => {
  let names: string[];
  try {
    names = await readdir(workRoot);
  } catch {
    return 0;
  }
  const mine = names.filter((n) => n.startsWith(`${deploymentId}-`));
  for (const n of mine) await rm(join(workRoot, n), { recursive: true, force: true, maxRetries: 2 });
  return mine.length;
};
