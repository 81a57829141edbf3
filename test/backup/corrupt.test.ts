/**
 * A damaged backup is refused with what is wrong: a flipped byte, a missing table, a truncated log, a
 * forged manifest. A restore refuses it before committing anything, and refuses a target that holds data.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotStores } from '../../src/adapters/store/snapshot/open.ts';
import { signManifest, type Manifest } from '../../src/domain/backup/manifest.ts';
import { generateSigningKey, type PublicReceiptKey } from '../../src/domain/receipts/keys.ts';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { restoreBackup } from '../../src/services/backup/restore-backup.ts';
import { takeBackup } from '../../src/services/backup/take-backup.ts';
import { verifyBackup } from '../../src/services/backup/verify-backup.ts';
import { PG_URL, sqliteFixture } from '../support/stores.ts';
import {
  addCustomers,
  customerId,
  inProcess,
  locationOf,
  newLedger,
  openRestored,
  restoreTargets,
  write,
} from './support.ts';

const fixture = sqliteFixture();
const targets = restoreTargets();
const work = mkdtempSync(join(tmpdir(), 'tai-corrupt-'));
const original = join(work, 'original');
let trusted: PublicReceiptKey[] = [];
let copies = 0;

/** A copy of the good backup, changed by `damage`. */
const damaged = (damage: (dir: string) => void): string => {
  const dir = join(work, `copy-${copies++}`);
  cpSync(original, dir, { recursive: true });
  damage(dir);
  return dir;
};

const problemsOf = async (dir: string): Promise<string[]> => {
  const outcome = await verifyBackup({ dir, trusted, checkerFor: inProcess });
  return outcome.problems.map((p) => `${p.where}: ${p.reason}`);
};

const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

beforeAll(async () => {
  const store = await fixture.open();
  const ledger = newLedger(store);
  const customers = await addCustomers(ledger, 3);
  for (let n = 0; n < 30; n++) await write(ledger, customers[n % 3] as string, n);
  await store.close();
  trusted = ledger.signer.keyring().map((e) => e.key);
  await takeBackup(
    { stores: snapshotStores, signer: ledger.signer, clock: systemClock },
    { location: locationOf(fixture), description: 'test', outDir: original },
  );
});

afterAll(async () => {
  await targets.cleanup();
  await fixture.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('tai backup verify', () => {
  it('passes the backup as taken', async () => {
    expect(await problemsOf(original)).toEqual([]);
  });

  it('names the file a flipped byte is in', async () => {
    const dir = damaged((d) => {
      const path = join(d, 'tables/receipts.jsonl.gz');
      const bytes = readFileSync(path);
      const at = Math.floor(bytes.length / 2);
      bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
      writeFileSync(path, bytes);
    });
    const problems = await problemsOf(dir);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.startsWith('tables/receipts.jsonl.gz') || p.startsWith('log '))).toBe(true);
    expect(problems[0]).toMatch(/^tables\/receipts\.jsonl\.gz: /);
  });

  it('names a missing table', async () => {
    const dir = damaged((d) => unlinkSync(join(d, 'tables/customers.jsonl.gz')));
    expect(await problemsOf(dir)).toEqual(['tables/customers.jsonl.gz: missing: the backup has lost table customers']);
  });

  it('finds a log cut short, even re-compressed, and says which', async () => {
    const victim = customerId(1);
    const dir = damaged((d) => {
      const path = join(d, 'tables/receipts.jsonl.gz');
      const lines = gunzipSync(readFileSync(path))
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== '');
      const last =
        lines
          .map((l, i) => [l, i] as const)
          .filter(([l]) => l.includes(victim))
          .at(-1)?.[1] ?? -1;
      writeFileSync(
        path,
        gzipSync(
          lines
            .filter((_, i) => i !== last)
            .map((l) => `${l}\n`)
            .join(''),
        ),
      );
    });
    const problems = await problemsOf(dir);
    expect(problems).toContain(`log ${victim}: receipt_logs gives its size as 10, but it has 9 receipts`);
    expect(problems).toContain(
      `log ${victim}: its latest signed checkpoint covers 10 receipts, but the log holds 9 (a receipt is missing or extra)`,
    );
    expect(
      problems.some((p) => p.startsWith('tables/receipts.jsonl.gz: its bytes are not the ones the manifest hashed')),
    ).toBe(true);
  });

  it('refuses an altered manifest', async () => {
    const dir = damaged((d) => {
      const m = manifestOf(d);
      const tables = m.tables.map((t) => (t.name === 'receipts' ? { ...t, rows: t.rows - 1 } : t));
      writeFileSync(join(d, 'manifest.json'), JSON.stringify({ ...m, tables }));
    });
    await expect(problemsOf(dir)).rejects.toMatchObject({
      code: 'TAI-BACKUP-INVALID',
      detail: expect.stringContaining('the manifest signature does not verify'),
    });
  });

  it('refuses a manifest re-signed with a key the service never had', async () => {
    const forger = generateSigningKey();
    const dir = damaged((d) => {
      const { format: _f, keys: _k, keyId: _i, signature: _s, ...body } = manifestOf(d);
      writeFileSync(join(d, 'manifest.json'), JSON.stringify(signManifest(body, [forger], forger)));
    });
    await expect(problemsOf(dir)).rejects.toMatchObject({
      code: 'TAI-BACKUP-INVALID',
      detail: expect.stringContaining(`key ${forger.kid} of the manifest is not among the trusted keys`),
    });
  });
});

describe('tai restore refuses', () => {
  const kinds = PG_URL === undefined ? (['sqlite'] as const) : (['sqlite', 'postgres'] as const);

  it.each(kinds)('a damaged backup, leaving the target (%s) empty', async (kind) => {
    const dir = damaged((d) => {
      const path = join(d, 'tables/audit_events.jsonl.gz');
      const lines = gunzipSync(readFileSync(path)).toString('utf8');
      writeFileSync(path, gzipSync(lines.replace('"backup.test"', '"backup.tset"')));
    });
    const target = targets.make(kind);
    await expect(restoreBackup(snapshotStores, { dir, target, trusted, checkerFor: inProcess })).rejects.toMatchObject({
      code: 'TAI-BACKUP-INVALID',
      detail: expect.stringContaining('tables/audit_events.jsonl.gz: its bytes are not the ones the manifest hashed'),
    });
    const store = await openRestored(target);
    try {
      expect((await store.read((r) => r.listCustomers({ limit: 10 }))).items).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it.each(kinds)('a target (%s) that already holds data, and leaves it as it was', async (kind) => {
    const target = targets.make(kind);
    await restoreBackup(snapshotStores, { dir: original, target, trusted, checkerFor: inProcess });
    await expect(
      restoreBackup(snapshotStores, { dir: original, target, trusted, checkerFor: inProcess }),
    ).rejects.toMatchObject({
      code: 'TAI-BACKUP-TARGET-NOT-EMPTY',
      detail: expect.stringContaining('customers'),
    });
    const store = await openRestored(target);
    try {
      expect((await store.read((r) => r.listCustomers({ limit: 10 }))).items).toHaveLength(3);
    } finally {
      await store.close();
    }
  });
});
