/**
 * A backup taken while writers keep appending restores, into either store, with every receipt that was
 * acknowledged before the backup started, and the restore's own verification passes (every log against
 * its signed checkpoint, the audit chain, every table against the manifest).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotStores } from '../../src/adapters/store/snapshot/open.ts';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { restoreBackup } from '../../src/services/backup/restore-backup.ts';
import { takeBackup } from '../../src/services/backup/take-backup.ts';
import { storeFixtures } from '../support/stores.ts';
import {
  addCustomers,
  inProcess,
  locationOf,
  newLedger,
  openRestored,
  restoreTargets,
  startLoad,
  TRICKY,
  write,
} from './support.ts';

const TARGETS = ['sqlite', 'postgres'] as const;
const pgAvailable = storeFixtures()[1]?.available === true;

for (const fixture of storeFixtures()) {
  describe.skipIf(!fixture.available)(`a backup under load (${fixture.name})`, () => {
    const targets = restoreTargets();
    const work = mkdtempSync(join(tmpdir(), 'tai-backup-'));
    afterAll(async () => {
      await targets.cleanup();
      await fixture.cleanup();
      rmSync(work, { recursive: true, force: true });
    });

    it(
      'restores into SQLite and PostgreSQL with nothing acknowledged before it missing',
      { timeout: 120_000 },
      async () => {
        const store = await fixture.open();
        const ledger = newLedger(store);
        const customers = await addCustomers(ledger, 6);
        const acked: { id: string; customer: string }[] = [];
        for (let n = 0; n < 60; n++) {
          const customer = customers[n % customers.length] as string;
          acked.push({ id: await write(ledger, customer, n), customer });
        }
        const load = startLoad(ledger, customers, 12);
        // Let the writers get going, then take the backup while they keep writing.
        while (load.acked.length < 40)
          await write(ledger, customers[0] as string, -1).then((id) =>
            acked.push({ id, customer: customers[0] as string }),
          );
        const before = [...acked];
        const dir = join(work, 'backup');
        const manifest = await takeBackup(
          { stores: snapshotStores, signer: ledger.signer, clock: systemClock },
          { location: locationOf(fixture), description: fixture.name, outDir: dir },
        );
        const during = load.acked.length;
        await load.stop();
        await store.close();
        expect(during).toBeGreaterThan(40);
        expect(manifest.tables.find((t) => t.name === 'receipts')?.rows).toBeGreaterThanOrEqual(before.length);

        for (const kind of TARGETS) {
          if (kind === 'postgres' && !pgAvailable) continue;
          const target = targets.make(kind);
          const outcome = await restoreBackup(snapshotStores, {
            dir,
            target,
            trusted: ledger.signer.keyring().map((e) => e.key),
            checkerFor: inProcess,
          });
          expect(outcome.rows).toBe(manifest.tables.reduce((n, t) => n + t.rows, 0));
          const restored = await openRestored(target);
          try {
            const missing: string[] = [];
            for (const { id, customer } of before)
              if ((await restored.scope(customer).receiptById(id)) === undefined) missing.push(id);
            expect(missing, `acknowledged before the backup, missing after restoring into ${kind}`).toEqual([]);
            expect(await restored.read((r) => r.getSetting('backup.test'))).toBe(TRICKY);
          } finally {
            await restored.close();
          }
        }
      },
    );
  });
}
