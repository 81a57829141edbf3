/**
 * The witness's durable state folds its journal into the snapshot while serving: the journal stays
 * bounded, every committed head survives a reopen, and each state a crash can leave behind (the new
 * snapshot with the old journal, a leftover temporary snapshot) opens to every head acknowledged.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WitnessedHead } from '../../domain/witness/add-checkpoint.ts';
import { openJournalState } from './journal-state.ts';

const dirs: string[] = [];
const freshDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'tai-journal-'));
  dirs.push(d);
  return join(d, 'state');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const root = (origin: string, size: number): Uint8Array => createHash('sha256').update(`${origin}:${size}`).digest();
const head = (log: number, size: number): WitnessedHead => {
  const origin = `journal.example/receipts/cus_${log}`;
  return { origin, size, rootHash: root(origin, size) };
};
const bytesOf = (path: string): number => (existsSync(path) ? statSync(path).size : 0);

describe('the witness journal', () => {
  it('is folded into the snapshot while serving, and every head survives a reopen', async () => {
    const dir = freshDir();
    const journal = join(dir, 'journal.log');
    const state = await openJournalState(dir, { journalLimit: 2048 });
    let largest = 0;
    const logs = 6;
    for (let size = 1; size <= 150; size++) {
      // Batches of several logs at once (the group commit), one commit per log and size.
      await Promise.all(Array.from({ length: logs }, (_, log) => state.commit(head(log, size))));
      largest = Math.max(largest, bytesOf(journal));
    }
    const snapshot = bytesOf(join(dir, 'heads.json'));
    // Past the limit and four times the snapshot it is folded after that batch: at most one batch more.
    const bound = Math.max(2048, 4 * snapshot) + logs * 200;
    expect(largest).toBeLessThanOrEqual(bound);
    // 900 lines of about 100 bytes were journaled: without folding the journal would hold them all.
    expect(largest).toBeLessThan(900 * 90);
    expect(JSON.parse(readFileSync(join(dir, 'heads.json'), 'utf8'))).toHaveLength(logs);
    await state.close();

    const reopened = await openJournalState(dir);
    for (let log = 0; log < logs; log++) {
      const h = reopened.get(head(log, 150).origin);
      expect(h?.size).toBe(150);
      expect(Buffer.from(h?.rootHash ?? []).equals(Buffer.from(head(log, 150).rootHash))).toBe(true);
    }
    await reopened.close();
  });

  it('is not folded below its limit', async () => {
    const dir = freshDir();
    const state = await openJournalState(dir);
    for (let size = 1; size <= 50; size++) await state.commit(head(0, size));
    expect(bytesOf(join(dir, 'journal.log'))).toBeGreaterThan(50 * 60);
    await state.close();
  });

  it('opens a crash between the new snapshot and the emptied journal to the newest heads', async () => {
    const dir = freshDir();
    const state = await openJournalState(dir);
    for (let size = 1; size <= 20; size++) await state.commit(head(0, size));
    await state.commit(head(1, 3));
    await state.close();
    // The old journal as it was (sizes 1 to 20 of log 0) beside a snapshot written after more commits.
    const oldJournal = readFileSync(join(dir, 'journal.log'));
    const later = await openJournalState(dir);
    for (let size = 21; size <= 25; size++) await later.commit(head(0, size));
    await later.close();
    const folded = await openJournalState(dir); // folds 21 to 25 into heads.json, empties the journal
    await folded.close();
    writeFileSync(join(dir, 'journal.log'), oldJournal);
    writeFileSync(join(dir, 'heads.json.tmp-1'), '[{"o":"torn'); // a snapshot a crash left half written

    const reopened = await openJournalState(dir);
    expect(reopened.get(head(0, 25).origin)?.size).toBe(25);
    expect(reopened.get(head(1, 3).origin)?.size).toBe(3);
    await reopened.close();
  });

  it('keeps journaling, and says so, when folding fails', async () => {
    const dir = freshDir();
    const errors: unknown[] = [];
    const state = await openJournalState(dir, { journalLimit: 512, onFoldError: (e) => errors.push(e) });
    // A directory where the snapshot's temporary file is written: opening it to write fails (EISDIR).
    const blocker = join(dir, `heads.json.tmp-${process.pid}`);
    mkdirSync(blocker);
    for (let size = 1; size <= 30; size++) await state.commit(head(0, size));
    expect(errors.length).toBeGreaterThan(0);
    // Tried again only once the journal has grown by another limit, not after every batch.
    expect(errors.length).toBeLessThan(10);
    expect(bytesOf(join(dir, 'journal.log'))).toBeGreaterThan(30 * 60);
    rmSync(blocker, { recursive: true });
    await state.close();
    const reopened = await openJournalState(dir);
    expect(reopened.get(head(0, 30).origin)?.size).toBe(30);
    await reopened.close();
  });
});
