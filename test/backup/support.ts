/**
 * What the backup tests share: a store with customers, receipts, audit events and settings written through
 * the real services, writers that keep appending while a backup runs (recording what was acknowledged and
 * when), and the receipt keyring that signs it all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileKeyring, type ReceiptSigner } from '../../src/adapters/keys/file-keyring.ts';
import type { Store } from '../../src/adapters/store/interface.ts';
import { openPostgresStore } from '../../src/adapters/store/postgres/postgres-store.ts';
import type { StoreLocation } from '../../src/adapters/store/snapshot/interface.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import type { PublicReceiptKey } from '../../src/domain/receipts/keys.ts';
import { createCheckPool } from '../../src/edges/cli/backup/check-pool.ts';
import type { ReceiptChecker } from '../../src/services/backup/scan.ts';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { recordAudit } from '../../src/services/audit/record-audit.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { appendReceipt } from '../../src/services/receipts/append-receipt.ts';
import { dropSchemas, PG_URL, type StoreFixture } from '../support/stores.ts';

const ORIGIN = 'backup.test/receipts';
/** A setting's value with every character COPY and JSON escape, and more than one byte per character. */
export const TRICKY = 'a\\b\tc\nd\re"f\\N \u00e9\u20ac\u{1f600}';

export interface Ledger {
  readonly signer: ReceiptSigner;
  readonly keyringPath: string;
  readonly ctx: ServiceContext;
}

export const newLedger = (store: Store): Ledger => {
  const keyringPath = join(mkdtempSync(join(tmpdir(), 'tai-backup-keys-')), 'receipt-keys.json');
  const signer = openFileKeyring(keyringPath, { create: true, nowMs: Date.now() });
  // Only what appendReceipt and recordAudit read.
  const ctx = {
    store,
    clock: systemClock,
    signer,
    originPrefix: ORIGIN,
    auditSecret: Buffer.alloc(32, 7),
  } as unknown as ServiceContext;
  return { signer, keyringPath, ctx };
};

export const customerId = (i: number): string => `cus_01backup${String(i).padStart(18, '0')}`;

export const addCustomers = async (ledger: Ledger, count: number): Promise<string[]> => {
  const ids = Array.from({ length: count }, (_, i) => customerId(i));
  await ledger.ctx.store.transaction(async (tx) => {
    const at = new Date().toISOString();
    for (const id of ids) {
      await tx.insertCustomer({
        id,
        name: `Customer ${id}`,
        contactEmail: 'ops@example.com',
        mode: 'pilot',
        createdAt: at,
        updatedAt: at,
      });
    }
    await tx.putSetting('backup.test', TRICKY);
  });
  return ids;
};

/** One receipt and one audit event, committed together; resolves with the receipt id once acknowledged. */
export const write = (ledger: Ledger, customer: string, n: number): Promise<string> =>
  ledger.ctx.store.transaction(async (tx) => {
    const { receipt } = await appendReceipt(tx, ledger.ctx, {
      customerId: customer,
      kind: 'quote',
      mode: 'pilot',
      authority: 'advisory',
      request: { n },
      result: { ok: true },
      contractReference: null,
      insurance: null,
      disclaimer: 'backup test',
    });
    await recordAudit(tx, ledger.ctx, {
      type: 'backup.test',
      actor: 'system',
      customerId: customer,
      outcome: 'success',
      details: { n },
    });
    return receipt.body.id;
  });

interface Load {
  /** Receipt ids in the order they were acknowledged. */
  readonly acked: string[];
  stop(): Promise<void>;
}

/** `writers` concurrent writers appending to the customers' logs until stopped. */
export const startLoad = (ledger: Ledger, customers: readonly string[], writers: number): Load => {
  const acked: string[] = [];
  let stopped = false;
  const loops = Array.from({ length: writers }, async (_, w) => {
    for (let n = 0; !stopped; n++) {
      acked.push(await write(ledger, customers[(w + n) % customers.length] as string, n));
    }
  });
  return {
    acked,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
};

/** Where a fixture's store lives, as the backup commands name it. */
export const locationOf = (fixture: StoreFixture): StoreLocation => {
  const where = fixture.location() ?? '';
  return fixture.name === 'sqlite'
    ? { kind: 'sqlite', file: join(where, 'tai.db') }
    : { kind: 'postgres', url: PG_URL ?? '', schema: where };
};

let targetCounter = 0;

/** Fresh, empty restore targets of either kind; `cleanup` removes them. */
export const restoreTargets = (): { make(kind: 'sqlite' | 'postgres'): StoreLocation; cleanup(): Promise<void> } => {
  const dirs: string[] = [];
  const schemas: string[] = [];
  return {
    make: (kind) => {
      if (kind === 'sqlite') {
        const dir = mkdtempSync(join(tmpdir(), 'tai-restore-'));
        dirs.push(dir);
        return { kind, file: join(dir, 'restored.db') };
      }
      const schema = `r_${process.pid}_${Date.now().toString(36)}_${(targetCounter++).toString(36)}`;
      schemas.push(schema);
      return { kind, url: PG_URL ?? '', schema };
    },
    cleanup: async () => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
      await dropSchemas(schemas.splice(0));
    },
  };
};

/** Opens a restored location as the service would. */
export const openRestored = (l: StoreLocation): Promise<Store> =>
  l.kind === 'sqlite'
    ? openSqliteStore(l.file)
    : openPostgresStore(l.url, l.schema === undefined ? {} : { schema: l.schema, maxConnections: 2 });

/** Receipt checks on the test's own thread. */
export const inProcess = (keys: readonly PublicReceiptKey[]): ReceiptChecker => createCheckPool(keys, 1).check;
