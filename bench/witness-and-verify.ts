/**
 * The targets of `tai verify` and of a witness (docs/performance.md), measured on this machine:
 * - `tai verify` per core against the raw Ed25519 verify rate: in process on one core (strict JSON
 *   parse included), and the whole command (process start, read, parse and checks, signatures verified on
 *   this thread and a worker) over 20,000 receipts on two cores;
 * - a witness's cosignatures per second: `tai witness serve` in a process of its own, over loopback HTTP,
 *   64 logs, 32 clients in this process, with the server process's CPU time per cosignature; and its
 *   decision alone, in this process, without HTTP or fsync.
 * The whole command runs from the sources through tsx, and also from dist/ when it is built (npm run build),
 * in rounds alternating with its floor: a fresh process whose two threads only verify as many signatures,
 * the most any two-thread command reaches here. The raw rate per thread of two threads verifying at once
 * is shown too: on a shared or virtual machine it can be well under one thread's.
 * `npm run bench` runs it in a process of its own (bench/micro.ts); alone, run
 * node --import tsx bench/witness-and-verify.ts (BENCH_DURATION seconds per rate, default 5;
 * BENCH_COMMAND_ROUNDS rounds of the whole command, default 5).
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { verifyBundle } from '../src/domain/receipts/bundle.ts';
import { runVerify } from '../src/edges/cli/verify/index.ts';
import { signCheckpoint } from '../src/domain/receipts/checkpoint.ts';
import { buildJwks, newKeyring } from '../src/domain/receipts/keyring.ts';
import { generateSigningKey, signBytes, verifyBytes } from '../src/domain/receipts/keys.ts';
import { MemoryTree } from '../src/domain/receipts/memory-tree.ts';
import { sampleLog, seedKey } from '../test/support/sample-log.ts';
import { parseStrictJsonBytes } from '../src/domain/receipts/strict-json.ts';
import { decideAddCheckpoint, formatAddCheckpoint } from '../src/domain/witness/add-checkpoint.ts';
import type { WitnessIdentity, WitnessedHead } from '../src/domain/witness/add-checkpoint.ts';

const SECONDS = Number(process.env['BENCH_DURATION'] ?? 5);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};
/** Rounds of each in-process way (BENCH_IN_PROCESS_ROUNDS). */
const IN_PROCESS_ROUNDS = Number(process.env['BENCH_IN_PROCESS_ROUNDS'] ?? 3);
/** Rounds of the floor and the whole command, alternating (BENCH_COMMAND_ROUNDS). */
const COMMAND_ROUNDS = Number(process.env['BENCH_COMMAND_ROUNDS'] ?? 5);

/** This process's CPU time (every thread) in seconds. */
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// Operations per second of wall time; `perCpu` gets them per second of CPU time, which depends far less
// on the share of the cores a loaded machine leaves this process.
let perCpu = 0;
const rate = (fn: () => void): number => {
  for (let i = 0; i < 200; i++) fn();
  const start = performance.now();
  const cpu0 = cpuSeconds();
  let n = 0;
  while (performance.now() - start < SECONDS * 1000) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
  }
  perCpu = n / (cpuSeconds() - cpu0);
  return n / ((performance.now() - start) / 1000);
};

// Two threads verifying at once, each for SECONDS: the raw rate per thread when both cores are busy, which
// on a shared or virtual machine can be well under one thread's rate and bounds the command's rate per core.
const PAIR = `const { parentPort } = require('node:worker_threads');
const { generateKeyPairSync, sign, verify } = require('node:crypto');
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const msg = Buffer.alloc(650, 120);
const sig = sign(null, msg, privateKey);
for (let i = 0; i < 200; i++) verify(null, msg, publicKey, sig);
parentPort.once('message', (seconds) => {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < seconds * 1000) {
    for (let i = 0; i < 100; i++) verify(null, msg, publicKey, sig);
    n += 100;
  }
  parentPort.postMessage(n / ((performance.now() - start) / 1000));
});
parentPort.postMessage('ready');`;

const pairRate = async (): Promise<number> => {
  const workers = [0, 1].map(() => new Worker(PAIR, { eval: true }));
  await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
  const rates = await Promise.all(
    workers.map((w) => {
      const done = new Promise<number>((r) => w.once('message', r));
      w.postMessage(SECONDS);
      return done;
    }),
  );
  await Promise.all(workers.map((w) => w.terminate()));
  return rates.reduce((a, b) => a + b, 0) / rates.length;
};

// The whole command's floor: a process that starts one worker thread, then it and the main thread each verify
// half the receipts' worth of signatures (one message of a receipt's signed length, one key) and exit. No
// reading, parsing, canonical text, hashing or messages: what two threads of a fresh process can do at all.
const FLOOR = `const { Worker, isMainThread, workerData } = require('node:worker_threads');
const { generateKeyPairSync, sign, verify } = require('node:crypto');
const half = isMainThread ? Number(process.argv[1]) / 2 : workerData;
const run = () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const msg = Buffer.alloc(650, 120);
  const sig = sign(null, msg, privateKey);
  for (let i = 0; i < half; i++) if (!verify(null, msg, publicKey, sig)) throw new Error('no');
};
// The process exits once both threads have (a running worker keeps it alive).
if (isMainThread) new Worker(process.argv[2], { eval: true, workerData: half });
run();`;

// Loaded before the CLI: reports the whole process's CPU time (main thread and workers) on exit.
const REPORT_CPU = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu-us '+(u.user+u.system)+'\\n')})`;

const verifyRates = async (dir: string): Promise<string[]> => {
  const key = generateSigningKey();
  const msg = new TextEncoder().encode('x'.repeat(650));
  const sig = signBytes(key, msg);
  const raw = rate(() => verifyBytes(key, msg, sig));
  const rawPerCpu = perCpu;
  const pair = await pairRate();
  const log = sampleLog({ count: 20_000, rotateAt: 10_000 });
  const bytes = Buffer.from(JSON.stringify(log.bundle2()));
  const path = join(dir, 'bundle.json');
  writeFileSync(path, bytes);
  // In process, one thread, file to verdict: `tai verify --workers 1` as the CLI runs it (it reads the file,
  // then parses and checks the receipts in chunks); and the whole text parsed, then verifyBundle (the path
  // before the chunks). In alternating rounds (the first round of each warms the JIT for the other too); the
  // medians of receipts per second of wall and of CPU.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const io = { stdout: silent, stderr: silent };
  const ways: Record<'command' | 'whole', () => Promise<boolean>> = {
    command: async () => (await runVerify([path, '--workers', '1'], io)) === 0,
    whole: () => {
      const parsed = parseStrictJsonBytes(bytes);
      return Promise.resolve(verifyBundle(parsed.ok ? parsed.value : null).ok);
    },
  };
  const measured: Record<'command' | 'whole', { wall: number[]; cpu: number[] }> = {
    command: { wall: [], cpu: [] },
    whole: { wall: [], cpu: [] },
  };
  // Both ways once over a smaller bundle first, so that neither round 0 pays the JIT's warm-up alone.
  const warm = Buffer.from(JSON.stringify(sampleLog({ count: 2_000, rotateAt: 1_000 }).bundle2()));
  const warmPath = join(dir, 'warm.json');
  writeFileSync(warmPath, warm);
  const warmParsed = parseStrictJsonBytes(warm);
  if (
    !verifyBundle(warmParsed.ok ? warmParsed.value : null).ok ||
    (await runVerify([warmPath, '--workers', '1'], io)) !== 0
  )
    throw new Error('the warm-up bundle does not verify');
  for (let round = 0; round < IN_PROCESS_ROUNDS; round++)
    for (const way of round % 2 === 0 ? (['whole', 'command'] as const) : (['command', 'whole'] as const)) {
      const t0 = performance.now();
      const c0 = cpuSeconds();
      const verified = await ways[way]();
      measured[way].wall.push(20_000 / ((performance.now() - t0) / 1000));
      measured[way].cpu.push(20_000 / (cpuSeconds() - c0));
      if (!verified) throw new Error(`the bench's bundle does not verify (${way})`);
    }
  const inProcessLine = (label: string, way: 'command' | 'whole'): string => {
    const wall = median(measured[way].wall);
    const cpu = measured[way].cpu.map((r) => r / rawPerCpu);
    return `${label} ${fmt(wall).padStart(9)} receipts/s  (${(wall / raw).toFixed(2)} x raw; goal >= 0.90; ${median(cpu).toFixed(2)} x raw by CPU, rounds ${cpu.map((r) => r.toFixed(2)).join(' ')})`;
  };
  const exec = promisify(execFile);
  // A process's wall time from spawn to exit and its CPU time (every thread), in seconds.
  const timed = async (args: string[], env: NodeJS.ProcessEnv): Promise<{ wall: number; cpu: number }> => {
    const t1 = performance.now();
    const { stderr } = await exec(process.execPath, ['--import', REPORT_CPU, ...args], { env });
    return {
      wall: (performance.now() - t1) / 1000,
      cpu: Number(/cpu-us (\d+)/.exec(stderr)?.[1] ?? NaN) / 1e6,
    };
  };
  // The floor and the command (from the sources, and from dist/ when built: `npm run build` first, or it
  // measures stale code) in alternating rounds; the medians. Each run is one sample of a noisy machine.
  const compiled = existsSync('dist/edges/cli/verify/cli.js');
  const runs: Record<'floor' | 'sources' | 'dist', { wall: number; cpu: number }[]> = {
    floor: [],
    sources: [],
    dist: [],
  };
  const verifyArgs = ['bin/tai.mjs', 'verify', path, '--workers', '2'];
  for (let round = 0; round < COMMAND_ROUNDS; round++) {
    runs.floor.push(await timed(['-e', FLOOR, '20000', FLOOR], process.env));
    runs.sources.push(await timed(verifyArgs, { ...process.env, TAI_COMPILED: '0' }));
    if (compiled) runs.dist.push(await timed(verifyArgs, { ...process.env, TAI_COMPILED: '1' }));
  }
  const perCore = (wall: number): number => 20_000 / wall / 2;
  const floor = { wall: median(runs.floor.map((r) => r.wall)), cpu: median(runs.floor.map((r) => r.cpu)) };
  const floorPerCore = perCore(floor.wall);
  const commandLine = (label: string, which: 'sources' | 'dist'): string => {
    const wall = median(runs[which].map((r) => r.wall));
    const cpu = median(runs[which].map((r) => r.cpu));
    const rounds = runs[which].map((r) => (perCore(r.wall) / raw).toFixed(2)).join(' ');
    return `${label} ${wall.toFixed(2).padStart(9)} s wall, ${fmt(perCore(wall))} receipts/s per core  (${(perCore(wall) / raw).toFixed(2)} x raw, rounds ${rounds}; goal >= 0.75; ${(perCore(wall) / floorPerCore).toFixed(2)} x the floor); ${cpu.toFixed(2)} s CPU (${(20_000 / cpu / rawPerCpu).toFixed(2)} x raw by CPU)`;
  };
  const floorRounds = runs.floor.map((r) => (perCore(r.wall) / raw).toFixed(2)).join(' ');
  const lines = [
    `raw Ed25519 verify (one core)          ${fmt(raw).padStart(9)} /s  (${fmt(rawPerCpu)} per CPU second)`,
    `raw verify, two threads at once        ${fmt(pair).padStart(9)} /s per thread  (${(pair / raw).toFixed(2)} x one thread)`,
    inProcessLine('tai verify --workers 1, in process    ', 'command'),
    inProcessLine('  the same, parsed whole (before)      ', 'whole'),
    `the floor: a process, 2 threads verify ${floor.wall.toFixed(2).padStart(9)} s wall, ${fmt(floorPerCore)} receipts/s per core  (${(floorPerCore / raw).toFixed(2)} x raw, rounds ${floorRounds}: the most a 2-thread command reaches here); ${floor.cpu.toFixed(2)} s CPU`,
    commandLine('tai verify, 20,000 receipts, 2 threads', 'sources'),
  ];
  if (compiled) lines.push(commandLine('the same, compiled (dist/)           ', 'dist'));
  return lines;
};

const LOGS = 64;
const logKey = seedKey('bench log');
const origins = Array.from({ length: LOGS }, (_, i) => `bench.example/receipts/cus_${i}`);
const tree = new MemoryTree();
for (let i = 0; i < 1 << 16; i++) tree.append(createHash('sha256').update(String(i)).digest());
// Checkpoints are signed ahead of time: the log's signing is not the witness's work.
const notes = origins.map((o) =>
  Array.from({ length: 400 }, (_, s) =>
    signCheckpoint({ origin: o, treeSize: s + 1, rootHash: tree.root(s + 1) }, logKey),
  ),
);
// Every request body ahead of time too (log i from size `old` to old + 1): building the consistency proof
// is the log's work, not the witness's.
const bodies = origins.map((_, i) =>
  Array.from({ length: 399 }, (_, old) =>
    formatAddCheckpoint({
      oldSize: old,
      proof: old === 0 ? [] : tree.consistencyProof(old, old + 1),
      note: notes[i]?.[old] ?? '',
    }),
  ),
);

const CLIENTS = 32;
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime of a process in seconds, from /proc/<pid>/stat (fields 14 and 15, after the command name). */
const cpuSecondsOf = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
};

/**
 * `tai witness serve` in a process of its own (from dist/ when built), its 32 clients in this one: the
 * server's CPU time (from /proc) over the measured window is its own, not its load generator's. The clients
 * are node:http over 32 kept-alive sockets: fetch cost this process 0.8 to 1.2 ms of CPU a request, more
 * than the witness itself, on the same two cores. One client per log at a time (clients c and c + 32 own
 * logs c and c + 32); a short warm-up first.
 */
const witnessOverHttp = async (dir: string): Promise<{ rate: number; cpuUs: number; compiled: boolean }> => {
  const jwks = join(dir, 'jwks.json');
  writeFileSync(jwks, JSON.stringify(buildJwks(newKeyring(logKey, Date.UTC(2025, 0, 1)))));
  const compiled = existsSync('dist/edges/cli/main.js');
  const child = spawn(
    process.execPath,
    [
      'bin/tai.mjs',
      'witness',
      'serve',
      '--key',
      join(dir, 'witness.key'),
      '--state',
      join(dir, 'state'),
      '--log-keys',
      jwks,
      '--origin-prefix',
      'bench.example/receipts',
      '--name',
      'bench.example/w',
      '--port',
      '0',
    ],
    { env: { ...process.env, TAI_COMPILED: compiled ? '1' : '0' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    let url = '';
    for await (const line of createInterface({ input: child.stdout })) {
      const m = /^listening on (http:\/\/\S+)$/.exec(line);
      if (m?.[1] !== undefined) {
        url = `${m[1]}/add-checkpoint`;
        break;
      }
    }
    if (url === '' || child.pid === undefined) throw new Error('tai witness serve did not start');
    const pid = child.pid;
    const sizes = new Array<number>(LOGS).fill(0);
    const post = (text: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request(
          url,
          { method: 'POST', agent, headers: { 'content-length': Buffer.byteLength(text) } },
          (res) => {
            res.resume();
            res.once('end', () => resolve(res.statusCode ?? 0));
            res.once('error', reject);
          },
        );
        req.once('error', reject);
        req.end(text);
      });
    const run = async (seconds: number): Promise<number> => {
      let cosigned = 0;
      const deadline = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let i = c; performance.now() < deadline; i = (i + CLIENTS) % LOGS) {
            const old = sizes[i] ?? 0;
            if (old >= 399) throw new Error('the bench ran out of checkpoints: lower BENCH_DURATION');
            sizes[i] = old + 1;
            const status = await post(bodies[i]?.[old] ?? '');
            if (status !== 200) throw new Error(`witness answered ${status}`);
            cosigned++;
          }
        }),
      );
      return cosigned;
    };
    await run(Math.min(1, SECONDS / 3));
    const cpu0 = cpuSecondsOf(pid);
    const start = performance.now();
    const cosigned = await run(SECONDS);
    const wall = (performance.now() - start) / 1000;
    const cpu = cpuSecondsOf(pid) - cpu0;
    return { rate: cosigned / wall, cpuUs: (cpu / cosigned) * 1e6, compiled };
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
    await exited;
  }
};

const witnessRates = async (dir: string): Promise<string[]> => {
  const me: WitnessIdentity = {
    name: 'bench.example/w',
    key: seedKey('bench witness'),
    originPrefix: 'bench.example/receipts',
    logKeys: [
      { ...logKey, lifecycle: { createdAt: '2025-01-01T00:00:00.000Z', retiredAt: null, compromisedAt: null } },
    ],
  };
  const steps = Array.from({ length: 399 }, (_, i) => ({
    request: { oldSize: i + 1, proof: tree.consistencyProof(i + 1, i + 2), note: notes[0]?.[i + 1] ?? '' },
    held: { origin: origins[0] ?? '', size: i + 1, rootHash: tree.root(i + 1) } satisfies WitnessedHead,
  }));
  let k = 0;
  const decideRate = rate(() => {
    const step = steps[k++ % steps.length];
    if (step !== undefined) decideAddCheckpoint(me, step.request, step.held, Date.UTC(2026, 0, 1));
  });
  const http = await witnessOverHttp(dir);
  return [
    `witness decision alone (one core)      ${fmt(decideRate).padStart(9)} cosignatures/s  (verify log signature, consistency proof, cosign)`,
    `witness over HTTP, fsync per batch     ${fmt(http.rate).padStart(9)} cosignatures/s  (${LOGS} logs, ${CLIENTS} clients in the bench process, loopback; goal >= 1,000)`,
    `  its server process (tai witness serve${http.compiled ? ', dist/' : ', sources'}) ${fmt(http.cpuUs).padStart(6)} µs CPU per cosignature  (${fmt(1e6 / http.cpuUs)} per CPU second)`,
  ];
};

const dir = mkdtempSync(join(tmpdir(), 'tai-bench-witness-'));
try {
  const lines = [...(await verifyRates(dir)), ...(await witnessRates(dir))];
  process.stdout.write(
    `${lines.join('\n')}\nload average while measuring: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
