/**
 * A witness's durable state: the latest cosigned head of every log. `heads.json` is a snapshot replaced
 * atomically (temporary file, fsync, rename, fsync of the directory); `journal.log` gets one line per
 * cosigned head, and a batch of lines is fsynced once for every request waiting on it (group commit),
 * before any of them is answered. Opening replays the journal over the snapshot (a torn last line was
 * never acknowledged, so it is dropped), writes a fresh snapshot and empties the journal. So no
 * cosignature is ever returned for a head the witness could forget in a crash.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, writeFileAtomically } from '../atomic-file.ts';
import { fromBase64, toBase64 } from '../../domain/receipts/encoding.ts';
import type { WitnessedHead } from '../../domain/witness/add-checkpoint.ts';

export interface WitnessState {
  get(origin: string): WitnessedHead | undefined;
  /** Resolves once `head` is on disk; the in-memory view changes only then. */
  commit(head: WitnessedHead): Promise<void>;
  readonly size: number;
  close(): Promise<void>;
}

interface HeadLine {
  readonly o: string;
  readonly s: number;
  readonly r: string;
}

const headOf = (line: unknown): WitnessedHead | null => {
  const l = line as Partial<HeadLine> | null;
  const rootHash = typeof l?.r === 'string' ? fromBase64(l.r) : null;
  if (typeof l?.o !== 'string' || !Number.isSafeInteger(l.s) || rootHash === null || rootHash.length !== 32)
    return null;
  return { origin: l.o, size: l.s as number, rootHash };
};

const lineOf = (h: WitnessedHead): string => `${JSON.stringify({ o: h.origin, s: h.size, r: toBase64(h.rootHash) })}\n`;

const load = (dir: string): Map<string, WitnessedHead> => {
  const heads = new Map<string, WitnessedHead>();
  const snapshot = join(dir, 'heads.json');
  if (existsSync(snapshot)) {
    for (const item of JSON.parse(readFileSync(snapshot, 'utf8')) as unknown[]) {
      const h = headOf(item);
      if (h === null) throw new Error(`${snapshot} holds a malformed head`);
      heads.set(h.origin, h);
    }
  }
  const journal = join(dir, 'journal.log');
  if (existsSync(journal)) {
    const lines = readFileSync(journal, 'utf8').split('\n');
    lines.forEach((text, i) => {
      if (text === '') return;
      let h: WitnessedHead | null = null;
      try {
        h = headOf(JSON.parse(text));
      } catch {
        h = null;
      }
      // Only the last line can be torn (written, not yet fsynced, never acknowledged).
      if (h === null) {
        if (i === lines.length - 1) return;
        throw new Error(`${journal} line ${i + 1} is malformed`);
      }
      const held = heads.get(h.origin);
      if (held === undefined || h.size >= held.size) heads.set(h.origin, h);
    });
  }
  return heads;
};

export const openJournalState = async (dir: string): Promise<WitnessState> => {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const heads = load(dir);
  writeFileAtomically(
    join(dir, 'heads.json'),
    JSON.stringify([...heads.values()].map((h) => JSON.parse(lineOf(h)) as HeadLine)),
  );
  const journal: FileHandle = await open(join(dir, 'journal.log'), 'w', 0o600);
  fsyncDir(dir);

  let pending: { head: WitnessedHead; done: () => void; fail: (e: unknown) => void }[] = [];
  let flushing: Promise<void> | null = null;
  const flush = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        await journal.write(batch.map((p) => lineOf(p.head)).join(''));
        await journal.datasync();
      } catch (e) {
        for (const p of batch) p.fail(e);
        continue;
      }
      for (const p of batch) {
        heads.set(p.head.origin, p.head);
        p.done();
      }
    }
    flushing = null;
  };
  return {
    get: (origin) => heads.get(origin),
    get size() {
      return heads.size;
    },
    commit: (head) =>
      new Promise<void>((done, fail) => {
        pending.push({ head, done, fail });
        flushing ??= flush();
      }),
    close: async () => {
      await flushing;
      await journal.close();
    },
  };
};
