/**
 * `tai serve` as a real child process (bin/tai.mjs), for tests that kill it: started with an environment,
 * read by its JSON log lines on stdout, killed by SIGKILL or stopped by SIGTERM. Waiting is on events
 * (a log line, an exit) with generous bounds, never on elapsed time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { pidsWorkingIn } from '../../src/adapters/executor/orphans.ts';

export interface ServeProcess {
  readonly child: ChildProcess;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Every JSON log line so far. */
  readonly logs: readonly Record<string, unknown>[];
  kill(): Promise<void>;
  stop(): Promise<number | null>;
}

const exited = (child: ChildProcess): Promise<{ code: number | null; signal: string | null }> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

const spawnServe = (env: Record<string, string>): ChildProcess =>
  spawn(process.execPath, ['bin/tai.mjs', 'serve'], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

export const startServe = (env: Record<string, string>, timeoutMs = 60_000): Promise<ServeProcess> =>
  new Promise((resolve, reject) => {
    const child = spawnServe(env);
    const logs: Record<string, unknown>[] = [];
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tai serve did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry['msg'] === 'tai serving') {
        clearTimeout(timer);
        resolve({
          child,
          url: String(entry['address']),
          logs,
          kill: async () => {
            child.kill('SIGKILL');
            await exited(child);
          },
          stop: async () => {
            child.kill('SIGTERM');
            return (await exited(child)).code;
          },
        });
      }
    });
    void exited(child).then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`tai serve exited before serving (code ${code}, signal ${signal}): ${stderr}`));
    });
  });

/** Runs `tai serve` expecting it to refuse to start: its exit code and stderr. */
export const serveRefused = async (env: Record<string, string>): Promise<{ code: number | null; stderr: string }> => {
  const child = spawnServe(env);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.resume();
  const { code } = await exited(child);
  return { code, stderr };
};

/** Pids of live processes whose working directory is under `root` (a deployment command's sandbox). */
export const processesUnder = (root: string): number[] => pidsWorkingIn(`${root}/`);

/** Polls `cond` until it holds; real processes need real waiting, bounded generously. */
export const eventually = async (cond: () => boolean | Promise<boolean>, what: string, withinMs = 30_000) => {
  const deadline = Date.now() + withinMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`${what}: not so within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
