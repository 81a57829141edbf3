/**
 * A witness under SIGKILL: `tai witness serve` runs as a child, eight logs grow against it concurrently,
 * and it is killed at a varying moment, several times over the same state directory. After each restart
 * it still holds at least every head it cosigned, and it never cosigns a checkpoint inconsistent with one
 * it cosigned before: a fork of the same size and a fork of a larger size are both refused. Every other run
 * folds its journal into the snapshot often, so kills also land while it folds.
 * TAI_CRASH_ROUNDS sets the number of kills.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { signCheckpoint } from '../../src/domain/receipts/checkpoint.ts';
import { buildJwks, newKeyring } from '../../src/domain/receipts/keyring.ts';
import { MemoryTree } from '../../src/domain/receipts/memory-tree.ts';
import { seedKey } from '../support/sample-log.ts';
import { formatAddCheckpoint } from '../../src/domain/witness/add-checkpoint.ts';
import { createHash } from 'node:crypto';

const ROUNDS = Number(process.env['TAI_CRASH_ROUNDS'] ?? 5);
const PREFIX = 'crash.example/receipts';
const LOGS = 8;
const MAX = 4000;
const logKey = seedKey('witness crash log key');

const treeOf = (label: string): MemoryTree => {
  const t = new MemoryTree();
  for (let i = 0; i < MAX; i++) t.append(createHash('sha256').update(`${label}:${i}`).digest());
  return t;
};
const origins = Array.from({ length: LOGS }, (_, i) => `${PREFIX}/cus_${i}`);
const trees = origins.map((o) => treeOf(o));
const forks = origins.map((o) => treeOf(`fork ${o}`));

const request = (i: number, tree: MemoryTree, old: number, size: number): string =>
  formatAddCheckpoint({
    oldSize: old,
    proof: old === 0 || old === size ? [] : tree.consistencyProof(old, size),
    note: signCheckpoint({ origin: origins[i] ?? '', treeSize: size, rootHash: tree.root(size) }, logKey),
  });

const post = async (url: string, body: string): Promise<{ status: number; text: string }> => {
  const res = await fetch(`${url}/add-checkpoint`, { method: 'POST', body });
  return { status: res.status, text: await res.text() };
};

const start = (args: string[]): Promise<{ child: ChildProcess; url: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/tai.mjs', 'witness', 'serve', ...args, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`witness exited (${code}): ${stderr}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const m = /^listening on (http:\/\/\S+)$/.exec(line);
      if (m?.[1] !== undefined) resolve({ child, url: m[1] });
    });
  });

describe('a witness survives SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tai-witness-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`never forgets a cosigned head nor cosigns a fork, across ${ROUNDS} kills`, { timeout: 180_000 }, async () => {
    const jwks = join(dir, 'log-keys.json');
    writeFileSync(jwks, JSON.stringify(buildJwks(newKeyring(logKey, Date.UTC(2025, 0, 1)))));
    const args = [
      '--key',
      join(dir, 'witness.key'),
      '--state',
      join(dir, 'state'),
      '--log-keys',
      jwks,
      '--origin-prefix',
      PREFIX,
    ];
    const acked = new Array<number>(LOGS).fill(0);
    let cosigned = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Every other run folds its journal into the snapshot every few dozen heads, so that some kills
      // land while it folds (docs/receipts.md: a crash between the new snapshot and the emptied journal).
      const { child, url } = await start(round % 2 === 0 ? [...args, '--journal-limit', '1024'] : args);
      // After a restart: at least every acknowledged head is held, and no fork is cosigned.
      for (let i = 0; i < LOGS; i++) {
        const held = await post(url, request(i, trees[i] as MemoryTree, 0, 1));
        const size = held.status === 409 ? Number(held.text) : held.status === 200 ? 1 : -1;
        expect(size, `log ${i}, round ${round}`).toBeGreaterThanOrEqual(acked[i] ?? 0);
        if (size > 0) {
          const same = await post(url, request(i, forks[i] as MemoryTree, size, size));
          expect(same.status, `fork of size ${size}`).toBe(409);
          if (size < MAX) {
            const larger = await post(url, request(i, forks[i] as MemoryTree, size, Math.min(MAX, size + 3)));
            expect(larger.status).not.toBe(200);
          }
        }
      }
      let killed = false;
      setTimeout(
        () => {
          killed = true;
          child.kill('SIGKILL');
        },
        100 + ((round * 7919) % 400),
      );
      await Promise.all(
        origins.map(async (_, i) => {
          let known = acked[i] ?? 0;
          while (!killed && known < MAX) {
            const size = Math.min(MAX, known + 1 + ((known * 31 + i) % 5));
            let r: { status: number; text: string };
            try {
              r = await post(url, request(i, trees[i] as MemoryTree, known, size));
            } catch {
              return;
            }
            if (r.status === 200) {
              acked[i] = size;
              known = size;
              cosigned++;
            } else if (r.status === 409) known = Number(r.text);
            else throw new Error(`unexpected ${r.status}: ${r.text}`);
          }
        }),
      );
      await new Promise<void>((resolve) =>
        child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
      );
    }
    expect(cosigned).toBeGreaterThan(0);
  });
});
