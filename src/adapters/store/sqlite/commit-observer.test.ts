/** The group committer reports each batch's size and fsync duration (tai_group_commit_batch_size, tai_commit_fsync_duration_seconds). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store.ts';

it('tells the observer of every committed transaction, batched, with a non-negative fsync time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tai-commits-'));
  const seen: [number, number][] = [];
  const store = await openSqliteStore(join(dir, 'tai.db'), undefined, (size, seconds) => seen.push([size, seconds]));
  try {
    seen.length = 0; // the migrations' own batches
    const at = new Date().toISOString();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        store.transaction((tx) =>
          tx.insertCustomer({
            id: `cus_0000000000000000000000000${i}`,
            name: `c${i}`,
            contactEmail: `c${i}@example.com`,
            mode: 'pilot',
            createdAt: at,
            updatedAt: at,
          }),
        ),
      ),
    );
    expect(seen.reduce((n, [size]) => n + size, 0)).toBe(5);
    for (const [size, seconds] of seen) {
      expect(size).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeGreaterThanOrEqual(0);
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
