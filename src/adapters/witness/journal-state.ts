/**
 * A witness's durable state: the latest cosigned head of every log. `heads.json` is a snapshot replaced
 * atomically (temporary file, fsync, rename, fsync of the directory); `journal.log` gets one line per
 * cosigned head, and a batch of lines is fsynced once for every request waiting on it (group commit),
 * before any of them is answered. Opening replays the journal over the snapshot (a torn last line was
 * never acknowledged, so it is dropped), writes a fresh snapshot and empties the journal. So no
 * cosignature is ever returned for a head the witness could forget in a crash.
 *
 * While serving, the journal is folded the same way once it has grown past `journalLimit` bytes and four
 * times the snapshot, between two batches: a fresh snapshot of the heads on disk, then the journal emptied.
 * A crash in between leaves the new snapshot and the old journal, whose heads are none larger, so the
 * replay keeps them; the disk a witness needs stays within a few times its state, however long it runs.
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

/** The journal's size that lets it be folded into the snapshot (when also four times the snapshot). */
export const DEFAULT_JOURNAL_LIMIT = 4 * 1024 * 1024;

interface JournalOptions {
  /** Bytes; default DEFAULT_JOURNAL_LIMIT. */
  readonly journalLimit?: number;
  /** Told when folding failed (the journal then keeps growing, and is folded at the next start). */
  readonly onFoldError?: (e: unknown) => void;
}

/** Writes the heads as the snapshot (atomically); its size in bytes. */
const writeSnapshot = (dir: string, heads: ReadonlyMap<string, WitnessedHead>): number => {
  const text = JSON.stringify([...heads.values()].map((h) => JSON.parse(lineOf(h)) as HeadLine));
  writeFileAtomically(join(dir, 'heads.json'), text);
  return Buffer.byteLength(text);
};

export const openJournalState = async (dir: string, options: JournalOptions = {}): Promise<WitnessState> => {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const heads = load(dir);
  const limit = options.journalLimit ?? DEFAULT_JOURNAL_LIMIT;
  const journalPath = join(dir, 'journal.log');
  let snapshotBytes = writeSnapshot(dir, heads);
  let journal: FileHandle = await open(journalPath, 'w', 0o600);
  let journalBytes = 0;
  let foldAt = limit;
  fsyncDir(dir);
  // The journal folded into a fresh snapshot: only between batches, when `heads` is what is on disk.
  // The emptied journal is opened before the old handle is closed, so a failure leaves that one in use.
  const fold = async (): Promise<void> => {
    snapshotBytes = writeSnapshot(dir, heads);
    const emptied = await open(journalPath, 'w', 0o600);
    const old = journal;
    journal = emptied;
    journalBytes = 0;
    await old.close();
  };

  let pending: { head: WitnessedHead; done: () => void; fail: (e: unknown) => void }[] = [];
  let flushing: Promise<void> | null = null;
  const flush = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        const lines = batch.map((p) => lineOf(p.head)).join('');
        await journal.write(lines);
        await journal.datasync();
        journalBytes += Buffer.byteLength(lines);
      } catch (e) {
        for (const p of batch) p.fail(e);
        continue;
      }
      for (const p of batch) {
        heads.set(p.head.origin, p.head);
        p.done();
      }
      if (journalBytes >= Math.max(foldAt, 4 * snapshotBytes)) {
        try {
          await fold();
          foldAt = limit;
        } catch (e) {
          // Every head is on disk in the journal still; tried again once it has grown by another limit.
          foldAt = journalBytes + limit;
          options.onFoldError?.(e);
        }
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
