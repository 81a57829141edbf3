/**
 * `--checkpoints DIR`: checkpoints saved outside the store (here as GET /v1/ledger/checkpoint answers) are
 * held against the restored logs. An older one passes; one newer than the backup refuses the restore,
 * unless the operator accepts the loss with allowBehind; one that does not verify is refused outright.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotStores } from '../../src/adapters/store/snapshot/open.ts';
import type { PublicReceiptKey } from '../../src/domain/receipts/keys.ts';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { loadExternalCheckpoints } from '../../src/services/backup/external-checkpoints.ts';
import { restoreBackup } from '../../src/services/backup/restore-backup.ts';
import { takeBackup } from '../../src/services/backup/take-backup.ts';
import { latestCheckpoint } from '../../src/services/receipts/ledger-reads.ts';
import { sqliteFixture } from '../support/stores.ts';
import { addCustomers, inProcess, locationOf, newLedger, restoreTargets, write, type Ledger } from './support.ts';

const fixture = sqliteFixture();
const targets = restoreTargets();
const work = mkdtempSync(join(tmpdir(), 'tai-checkpoints-'));
const backup = join(work, 'backup');
let trusted: PublicReceiptKey[] = [];
let customer = '';

const save = async (ledger: Ledger, dir: string, name: string): Promise<void> => {
  const cp = await latestCheckpoint(ledger.ctx.store.scope(customer), ledger.ctx);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), JSON.stringify({ treeSize: cp.treeSize, rootHash: cp.rootHash, checkpoint: cp.note }));
};

const restore = (dir: string, allowBehind = false) =>
  restoreBackup(snapshotStores, {
    dir: backup,
    target: targets.make('sqlite'),
    trusted,
    checkerFor: inProcess,
    allowBehind,
    external: (keys) => loadExternalCheckpoints(dir, keys),
  });

beforeAll(async () => {
  const store = await fixture.open();
  const ledger = newLedger(store);
  [customer = ''] = await addCustomers(ledger, 1);
  for (let n = 0; n < 5; n++) await write(ledger, customer, n);
  await save(ledger, join(work, 'older'), 'at-5.json');
  for (let n = 5; n < 8; n++) await write(ledger, customer, n);
  trusted = ledger.signer.keyring().map((e) => e.key);
  await takeBackup(
    { stores: snapshotStores, signer: ledger.signer, clock: systemClock },
    { location: locationOf(fixture), description: 't', outDir: backup },
  );
  for (let n = 8; n < 10; n++) await write(ledger, customer, n);
  await save(ledger, join(work, 'newer'), 'at-10.json');
  await store.close();
});

afterAll(async () => {
  await targets.cleanup();
  await fixture.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('checkpoints saved elsewhere', () => {
  it('pass when the backup holds what they signed', async () => {
    await expect(restore(join(work, 'older'))).resolves.toMatchObject({ behind: [] });
  });

  it('refuse a backup older than one of them, unless the loss is accepted', async () => {
    await expect(restore(join(work, 'newer'))).rejects.toMatchObject({
      code: 'TAI-BACKUP-RESTORE-UNVERIFIED',
      detail: `log ${customer}: checkpoint at-10.json is a checkpoint of 10 receipts, but the log holds 8: receipts issued after the backup point are missing`,
    });
    const accepted = await restore(join(work, 'newer'), true);
    expect(accepted.behind.map((p) => p.kind)).toEqual(['behind']);
  });

  it('refuse one that does not verify', async () => {
    const dir = join(work, 'forged');
    mkdirSync(dir);
    writeFileSync(join(dir, 'x.txt'), 'backup.test/receipts/cus_x\n3\nAAAA\n\n— backup.test/receipts/cus_x AAAA\n');
    await expect(restore(dir)).rejects.toMatchObject({
      code: 'TAI-BACKUP-RESTORE-UNVERIFIED',
      detail: expect.stringMatching(/^checkpoint x\.txt: /),
    });
  });
});
