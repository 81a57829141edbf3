/**
 * `npm run bench:startup`: start-up of `tai serve` from the TypeScript sources (tsx) against the compiled
 * dist/ (TAI_COMPILED=1), in alternating pairs on fresh data directories: wall time and CPU time until the
 * "tai serving" line, and resident memory then. CPU time is the steadier figure on a shared machine.
 * STARTUP_ROUNDS (default 5) sets the number of pairs; run `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROUNDS = Number(process.env['STARTUP_ROUNDS'] ?? 5);
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

type Mode = 'sources' | 'compiled';
interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rssMiB: number;
}

/** utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15, after the command name). */
const cpuMsOf = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
};
const rssMiBOf = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const startOnce = async (mode: Mode): Promise<Sample> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tai-startup-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/tai.mjs', 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      TAI_DATA_DIR: dataDir,
      TAI_SIM_PORT: '0',
      ...(mode === 'compiled' ? { TAI_COMPILED: '1' } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.on('exit', (code) => reject(new Error(`tai serve exited with ${code}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.includes('"tai serving"')) resolve();
      });
    });
    const pid = child.pid ?? 0;
    return { wallMs: performance.now() - started, cpuMs: cpuMsOf(pid), rssMiB: rssMiBOf(pid) };
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

const samples: Record<Mode, Sample[]> = { sources: [], compiled: [] };
for (let i = 0; i < ROUNDS; i++) {
  // Alternate which goes first, so drifting load favours neither.
  const order: Mode[] = i % 2 === 0 ? ['sources', 'compiled'] : ['compiled', 'sources'];
  for (const mode of order) samples[mode].push(await startOnce(mode));
}
for (const mode of ['sources', 'compiled'] as const) {
  const s = samples[mode];
  process.stdout.write(
    `${mode.padEnd(9)} median of ${s.length}: wall ${median(s.map((x) => x.wallMs)).toFixed(0)} ms, ` +
      `CPU ${median(s.map((x) => x.cpuMs)).toFixed(0)} ms, RSS ${median(s.map((x) => x.rssMiB)).toFixed(1)} MiB\n`,
  );
}
