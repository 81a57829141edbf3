/** Runs one executable as the leader of its own process group, with capped output, a time limit and an abort signal. */
import { spawn, type ChildProcess } from 'node:child_process';

export type StopReason = 'timeout' | 'aborted';

interface RunRequest {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Between SIGTERM and SIGKILL; also how long we wait for stray pipe holders once the leader has exited. */
  readonly killGraceMs: number;
  readonly maxOutputBytes: number;
}

export type RunResult =
  | { readonly kind: 'spawn_error'; readonly detail: string }
  | {
      readonly kind: 'ran';
      readonly exitCode: number | null;
      readonly signal: string | null;
      readonly stoppedBy: StopReason | null;
      readonly output: string;
      readonly truncated: boolean;
      /** Set when the group survived SIGKILL past the grace period (should not happen; the run is given up on). */
      readonly unreaped: boolean;
    };

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const runProcessGroup = (
  req: RunRequest,
  signal: AbortSignal,
  onStarted?: (pid: number) => void,
): Promise<RunResult> =>
  new Promise((resolve) => {
    let child: ChildProcess;
    try {
      // detached: the child calls setsid(), so its pid is also its process-group id and -pid reaches its descendants.
      child = spawn(req.file, [...req.args], {
        cwd: req.cwd,
        env: req.env,
        shell: false,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (e) {
      resolve({ kind: 'spawn_error', detail: describe(e) });
      return;
    }

    if (child.pid !== undefined) onStarted?.(child.pid);
    const chunks: Buffer[] = [];
    let kept = 0;
    let truncated = false;
    let stoppedBy: StopReason | null = null;
    let exit: { code: number | null; signal: string | null } | null = null;
    let settled = false;
    const timers = new Set<NodeJS.Timeout>();
    const after = (ms: number, fn: () => void): void => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    };

    const capture = (chunk: Buffer): void => {
      // Keep draining past the cap: a child blocked on a full pipe would otherwise hang until its time limit.
      const room = req.maxOutputBytes - kept;
      if (chunk.length > room) truncated = true;
      if (room <= 0) return;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      chunks.push(part);
      kept += part.length;
    };
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);

    const killGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        // ESRCH: the whole group is already gone.
      }
    };

    const finish = (result: RunResult): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      signal.removeEventListener('abort', onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(result);
    };
    const finishRan = (unreaped: boolean): void =>
      finish({
        kind: 'ran',
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stoppedBy,
        output: Buffer.concat(chunks).toString('utf8'),
        truncated,
        unreaped,
      });

    const stop = (reason: StopReason): void => {
      if (stoppedBy !== null || exit !== null || settled) return;
      stoppedBy = reason;
      killGroup('SIGTERM');
      after(req.killGraceMs, () => {
        killGroup('SIGKILL');
        after(req.killGraceMs, () => finishRan(true));
      });
    };
    function onAbort(): void {
      stop('aborted');
    }

    child.once('error', (e) => {
      // After a successful spawn, 'error' only means a kill() failed; we kill via process.kill, so it cannot.
      if (child.pid === undefined) finish({ kind: 'spawn_error', detail: describe(e) });
    });
    child.once('exit', (code, sig) => {
      exit = { code, signal: sig };
      for (const t of timers) clearTimeout(t);
      timers.clear();
      // The deployment is over once its leader exits: nothing it started may outlive it.
      killGroup('SIGKILL');
      // 'close' waits for every holder of the pipes; one that escaped the group (setsid) is not waited for long.
      after(req.killGraceMs, () => finishRan(false));
    });
    child.once('close', () => {
      if (child.pid !== undefined && exit !== null) finishRan(false);
    });

    after(req.timeoutMs, () => stop('timeout'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
