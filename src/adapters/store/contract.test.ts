/** The one contract suite every store adapter must pass: SQLite and PostgreSQL alike. */
import { afterAll, describe, expect, it } from 'vitest';
import { storeFixtures } from '../../../test/support/stores.ts';
import type { Contract, Customer } from '../../domain/customer/types.ts';
import type { Store } from './interface.ts';
import { LATEST_VERSION } from './migrations/index.ts';
import { RAW_CONN } from './sql/repositories.ts';

const at = '2026-11-25T12:00:00.000Z';

/** Runs SQL the way an attacker with database access would, bypassing the repositories. */
const rawExec = async (tx: unknown, sql: string): Promise<void> => {
  const conn = (tx as { [RAW_CONN]?: { exec(s: string): Promise<void> } })[RAW_CONN];
  if (!conn) throw new Error('store does not expose its raw connection to tests');
  await conn.exec(sql);
};
const customer = (id: string, name = id): Customer => ({
  id,
  name,
  contactEmail: `${name}@example.com`,
  mode: 'eval',
  createdAt: at,
  updatedAt: at,
});
const contract = (id: string, customerId: string, reference: string): Contract => ({
  id,
  customerId,
  document: {
    reference,
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    currency: 'USD',
    monthlyFee: '100.00',
    features: ['publish'],
    limits: { maxActiveDeployments: 1, capacityUnits: 10 },
    cancellationTerms: '30 days',
  },
  signature: { signedBy: 'A. Signer', signedAt: at, documentSha256: 'ab'.repeat(32) },
  recordedAt: at,
});

for (const fixture of storeFixtures()) {
  describe.skipIf(!fixture.available)(`store contract: ${fixture.name}`, () => {
    afterAll(() => fixture.cleanup());
    const withStore = async (fn: (s: Store) => Promise<void>): Promise<void> => {
      const store = await fixture.open();
      try {
        await fn(store);
      } finally {
        await store.close();
      }
    };

    it('applies every migration at open and reports them current', () =>
      withStore(async (s) => {
        expect(await s.migrationStatus()).toEqual({ current: LATEST_VERSION, latest: LATEST_VERSION });
        await s.ping();
      }));

    it('runs closing work once per key, inside the transaction, and never for a transaction that rolls back', () =>
      withStore(async (s) => {
        const ran: string[] = [];
        const setting = (name: string) => s.read((r) => r.getSetting(name));
        await s.transaction(async (tx) => {
          tx.beforeCommit('k', () => Promise.reject(new Error('replaced work must not run')));
          tx.beforeCommit('k', async () => {
            ran.push('k');
            // Still inside the transaction: it sees the caller's write and its own commits with it.
            await tx.putSetting('closing', `after ${await tx.getSetting('body')}`);
          });
          await tx.putSetting('body', 'b1');
        });
        expect(ran).toEqual(['k']);
        expect(await setting('closing')).toBe('after b1');

        await expect(
          s.transaction(async (tx) => {
            tx.beforeCommit('k', async () => {
              ran.push('rolled back');
              await tx.putSetting('closing', 'rolled back');
            });
            await tx.putSetting('body', 'b2');
            throw new Error('caller fails');
          }),
        ).rejects.toThrow('caller fails');
        expect(ran).toEqual(['k']);
        expect(await setting('closing')).toBe('after b1');

        // Closing work that fails takes the caller's changes with it.
        await expect(
          s.transaction(async (tx) => {
            await tx.putSetting('body', 'b3');
            tx.beforeCommit('k', () => Promise.reject(new Error('closing fails')));
          }),
        ).rejects.toThrow('closing fails');
        expect(await setting('body')).toBe('b1');
        expect(() =>
          s.read((r) =>
            Promise.resolve(
              (r as unknown as { beforeCommit: (k: string, w: () => Promise<void>) => void }).beforeCommit('x', () =>
                Promise.resolve(),
              ),
            ),
          ),
        ).toThrow(/transaction/);
      }));

    it('shares closing work among concurrent transactions only as far as they share a commit', () =>
      withStore(async (s) => {
        let runs = 0;
        const outcomes = await Promise.allSettled(
          Array.from({ length: 12 }, (_, i) =>
            s.transaction(async (tx) => {
              await tx.putSetting(`unit-${i}`, 'x');
              tx.beforeCommit('shared', async () => {
                runs++;
                await tx.putSetting('last', String(i));
              });
              if (i % 4 === 3) throw new Error(`unit ${i} fails`);
            }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(3);
        // SQLite batches them (fewer runs); PostgreSQL runs each transaction's own. Never a failed unit's.
        expect(runs).toBeGreaterThanOrEqual(1);
        expect(runs).toBeLessThanOrEqual(9);
        const last = Number(await s.read((r) => r.getSetting('last')));
        expect(last % 4).not.toBe(3);
        for (let i = 0; i < 12; i++)
          expect(await s.read((r) => r.getSetting(`unit-${i}`))).toBe(i % 4 === 3 ? undefined : 'x');
      }));

    it('commits a transaction and shows it to readers', () =>
      withStore(async (s) => {
        await s.transaction((tx) => tx.insertCustomer(customer('cus_a')));
        expect(await s.read((r) => r.forCustomer('cus_a').get())).toMatchObject({ id: 'cus_a', mode: 'eval' });
      }));

    it('rolls back every write of a transaction that throws', () =>
      withStore(async (s) => {
        await expect(
          s.transaction(async (tx) => {
            await tx.insertCustomer(customer('cus_b'));
            await tx.forCustomer('cus_b').insertPricingVersion('2026-01-01', { x: 1 }, at);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await s.read((r) => r.forCustomer('cus_b').get())).toBeUndefined();
        expect(await s.read((r) => r.forCustomer('cus_b').pricingVersions())).toEqual([]);
      }));

    it('commits concurrent transactions independently: one that fails takes none of the others with it', () =>
      withStore(async (s) => {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 40 }, (_, i) =>
            s.transaction(async (tx) => {
              await tx.insertCustomer(customer(`cus_c${String(i).padStart(2, '0')}`));
              if (i % 7 === 3) throw new Error(`unit ${i} fails`);
              return i;
            }),
          ),
        );
        const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
        expect(failed).toEqual([3, 10, 17, 24, 31, 38]);
        const ids = (await s.read((r) => r.listCustomers({ limit: 100 }))).items.map((c) => c.id);
        expect(ids).toHaveLength(34);
        for (const i of failed) expect(ids).not.toContain(`cus_c${String(i).padStart(2, '0')}`);
      }));

    it('pages customers in id order', () =>
      withStore(async (s) => {
        await s.transaction(async (tx) => {
          for (const id of ['cus_3', 'cus_1', 'cus_2']) await tx.insertCustomer(customer(id));
        });
        const first = await s.read((r) => r.listCustomers({ limit: 2 }));
        expect(first.items.map((c) => c.id)).toEqual(['cus_1', 'cus_2']);
        expect(first.next).toBe('cus_2');
        const second = await s.read((r) => r.listCustomers({ limit: 2, after: 'cus_2' }));
        expect(second.items.map((c) => c.id)).toEqual(['cus_3']);
        expect(second.next).toBeNull();
      }));

    it('never lets one customer scope see or change another customer’s data', () =>
      withStore(async (s) => {
        await s.transaction(async (tx) => {
          await tx.insertCustomer(customer('cus_a'));
          await tx.insertCustomer(customer('cus_b'));
          await tx.forCustomer('cus_b').insertContract(contract('ctr_b', 'cus_b', 'B-1'));
          await tx.forCustomer('cus_b').insertPricingVersion('2026-01-01', { owner: 'b' }, at);
          await tx.forCustomer('cus_b').insertApiKey(
            {
              id: 'key_b',
              customerId: 'cus_b',
              scopes: ['pricing:read'],
              createdAt: at,
              revokedAt: null,
              lastUsedAt: null,
            },
            'hash-b',
          );
        });
        const a = await s.read(async (r) => {
          const scope = r.forCustomer('cus_a');
          return {
            contract: await scope.currentContract(),
            pricing: await scope.pricingVersions(),
            v1: await scope.pricingVersion(1),
            keys: await scope.apiKeys(),
          };
        });
        expect(a).toEqual({ contract: undefined, pricing: [], v1: undefined, keys: [] });
        expect(await s.transaction((tx) => tx.forCustomer('cus_a').revokeApiKey('key_b', at))).toBe(false);
        expect((await s.read((r) => r.apiKeyForAuth('key_b')))?.key.revokedAt).toBeNull();
        expect(await s.transaction((tx) => tx.forCustomer('cus_b').revokeApiKey('key_b', at))).toBe(true);
        expect(await s.transaction((tx) => tx.forCustomer('cus_b').revokeApiKey('key_b', at))).toBe(false);
      }));

    it('returns the latest contract and numbers pricing versions per customer', () =>
      withStore(async (s) => {
        await s.transaction(async (tx) => {
          await tx.insertCustomer(customer('cus_a'));
          await tx.insertCustomer(customer('cus_b'));
          await tx.forCustomer('cus_a').insertContract(contract('ctr_1', 'cus_a', 'A-1'));
          await tx
            .forCustomer('cus_a')
            .insertContract({ ...contract('ctr_2', 'cus_a', 'A-2'), recordedAt: '2026-11-26T00:00:00.000Z' });
        });
        expect((await s.read((r) => r.forCustomer('cus_a').currentContract()))?.document.reference).toBe('A-2');
        const versions = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            s.transaction((tx) =>
              tx.forCustomer(i % 2 ? 'cus_a' : 'cus_b').insertPricingVersion('2026-01-01', { i }, at),
            ),
          ),
        );
        expect([...versions].sort()).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
        const a = await s.read((r) => r.forCustomer('cus_a').pricingVersions());
        expect(a.map((v) => v.version)).toEqual([1, 2, 3, 4]);
        expect(a.every((v) => (v.document as { i: number }).i % 2 === 1)).toBe(true);
      }));

    it('upserts settings and records key use', () =>
      withStore(async (s) => {
        await s.transaction((tx) => tx.putSetting('k', 'one'));
        await s.transaction((tx) => tx.putSetting('k', 'two'));
        expect(await s.read((r) => r.getSetting('k'))).toBe('two');
        expect(await s.read((r) => r.getSetting('missing'))).toBeUndefined();
        await s.transaction(async (tx) => {
          await tx.insertCustomer(customer('cus_a'));
          await tx.forCustomer('cus_a').insertApiKey(
            {
              id: 'key_a',
              customerId: 'cus_a',
              scopes: ['receipts:read'],
              createdAt: at,
              revokedAt: null,
              lastUsedAt: null,
            },
            'hash-a',
          );
        });
        await s.touchApiKey('key_a', '2026-11-25T13:00:00.000Z');
        const row = await s.read((r) => r.apiKeyForAuth('key_a'));
        expect(row).toMatchObject({
          secretHash: 'hash-a',
          key: { lastUsedAt: '2026-11-25T13:00:00.000Z', scopes: ['receipts:read'] },
        });
      }));

    it('saves lifecycle records with optimistic concurrency and lists them by wake time', () =>
      withStore(async (s) => {
        await s.transaction(async (tx) => {
          for (const id of ['cus_a', 'cus_b', 'cus_c']) await tx.insertCustomer(customer(id));
        });
        const save = (id: string, version: number, wakeAt: number | null, expected: number) =>
          s.transaction((tx) =>
            tx.forCustomer(id).saveLifecycle({ customerId: id, record: { v: version }, version, wakeAt }, expected, at),
          );
        expect(await save('cus_a', 1, 3_000, 0)).toBe(true);
        expect(await save('cus_a', 1, 3_000, 0)).toBe(false);
        expect(await save('cus_a', 2, 1_000, 1)).toBe(true);
        expect(await save('cus_a', 3, 1_000, 1)).toBe(false);
        expect(await save('cus_b', 1, 2_000, 0)).toBe(true);
        expect(await save('cus_c', 1, null, 0)).toBe(true);
        expect((await s.read((r) => r.forCustomer('cus_a').lifecycle()))?.record).toEqual({ v: 2 });
        const due = await s.read((r) => r.dueLifecycles(2_000, 10));
        expect(due.map((d) => [d.customerId, d.wakeAt])).toEqual([
          ['cus_a', 1_000],
          ['cus_b', 2_000],
        ]);
        expect(await s.read((r) => r.nextWake())).toBe(1_000);
        expect((await s.read((r) => r.lifecycles({ limit: 10 }))).items).toHaveLength(3);
      }));

    it('enqueues each notification once per dedupe key', () =>
      withStore(async (s) => {
        const msg = (id: string) => ({
          id,
          type: 'certificate_warning',
          customerId: null,
          dedupeKey: 'cert-1:days_7',
          payload: { id },
          createdAt: at,
        });
        expect(await s.transaction((tx) => tx.enqueueNotification(msg('evt_1')))).toBe(true);
        expect(await s.transaction((tx) => tx.enqueueNotification(msg('evt_2')))).toBe(false);
        expect((await s.read((r) => r.pendingNotifications(10))).map((m) => m.payload)).toEqual([{ id: 'evt_1' }]);
      }));

    it('refuses to update or delete receipts, checkpoints and audit rows, and prunes audit rows only under a permit', () =>
      withStore(async (s) => {
        await s.transaction(async (tx) => {
          await tx.insertCustomer(customer('cus_a'));
          await tx.forCustomer('cus_a').appendReceipt(
            {
              customerId: 'cus_a',
              logIndex: 0,
              id: 'rcpt_1',
              kind: 'quote',
              issuedAt: at,
              body: '{}',
              signature: 's',
              leafHash: 'aa',
            },
            [{ level: 0, index: 0, hash: 'aa' }],
            { size: 1, frontier: ['aa'], lastLeafHash: 'aa' },
          );
          await tx.forCustomer('cus_a').appendReceipt(
            {
              customerId: 'cus_a',
              logIndex: 1,
              id: 'rcpt_2',
              kind: 'quote',
              issuedAt: at,
              body: '{}',
              signature: 's',
              leafHash: 'bb',
            },
            [
              { level: 0, index: 1, hash: 'bb' },
              { level: 1, index: 0, hash: 'ab' },
            ],
            { size: 2, frontier: ['ab'], lastLeafHash: 'bb' },
          );
          await tx.forCustomer('cus_a').insertCheckpoint({ treeSize: 1, rootHash: 'aa', note: 'n', createdAt: at });
          for (const seq of [1, 2, 3]) {
            await tx.appendAudit({
              seq,
              id: `evt_${seq}`,
              at,
              type: 't',
              actor: 'a',
              customerPseudonym: null,
              outcome: 'ok',
              details: '{}',
              prevHash: 'p',
              hash: `h${seq}`,
            });
          }
        });
        const refused = [
          "UPDATE receipts SET kind = 'publish'",
          'DELETE FROM receipts',
          "UPDATE receipt_nodes SET hash = 'bb'",
          "UPDATE checkpoints SET note = 'forged'",
          'DELETE FROM checkpoints',
          "UPDATE audit_events SET outcome = 'failed'",
          'DELETE FROM audit_events WHERE seq = 2',
        ];
        for (const sql of refused) {
          await expect(
            s.transaction((tx) => rawExec(tx, sql)),
            sql,
          ).rejects.toThrow(/append-only/);
        }
        // A second checkpoint of the same size can never be stored.
        await expect(
          s.transaction((tx) =>
            tx.forCustomer('cus_a').insertCheckpoint({ treeSize: 1, rootHash: 'cc', note: 'fork', createdAt: at }),
          ),
        ).rejects.toThrow();
        const deleted = await s.transaction((tx) =>
          tx.pruneAudit({ throughSeq: 2, lastHash: 'h2', anchor: '{}', createdAt: at }),
        );
        expect(deleted).toBe(2);
        expect((await s.read((r) => r.auditRange(0, 10))).map((e) => e.seq)).toEqual([3]);
        await expect(s.transaction((tx) => rawExec(tx, 'DELETE FROM audit_events'))).rejects.toThrow(/append-only/);
        expect(await s.read((r) => r.auditHead())).toEqual({ seq: 3, hash: 'h3' });
      }));

    it('deletes expired idempotency records of every customer, oldest first, a bounded batch at a time', () =>
      withStore(async (s) => {
        const held = (customerId: string, key: string) =>
          s.transaction((tx) => tx.forCustomer(customerId).idempotencyKey(key));
        const record = (key: string, expiresAt: string) => ({
          key,
          fingerprint: 'f',
          state: 'done' as const,
          statusCode: 201,
          response: '{}',
          createdAt: at,
          expiresAt,
        });
        await s.transaction(async (tx) => {
          await tx.insertCustomer(customer('cus_i1'));
          await tx.insertCustomer(customer('cus_i2'));
          await tx.forCustomer('cus_i1').claimIdempotencyKey(record('old', '2026-11-20T00:00:00.000Z'));
          await tx.forCustomer('cus_i2').claimIdempotencyKey(record('old', '2026-11-21T00:00:00.000Z'));
          await tx.forCustomer('cus_i2').claimIdempotencyKey(record('edge', at));
          await tx.forCustomer('cus_i1').claimIdempotencyKey(record('live', '2026-11-26T12:00:00.000Z'));
        });
        expect(await s.transaction((tx) => tx.deleteExpiredIdempotencyKeys(at, 2))).toBe(2);
        expect(await held('cus_i1', 'old')).toBeUndefined();
        expect(await held('cus_i2', 'old')).toBeUndefined();
        expect(await held('cus_i2', 'edge')).toBeDefined();
        expect(await s.transaction((tx) => tx.deleteExpiredIdempotencyKeys(at, 2))).toBe(1);
        expect(await s.transaction((tx) => tx.deleteExpiredIdempotencyKeys(at, 2))).toBe(0);
        expect(await held('cus_i1', 'live')).toMatchObject({ key: 'live', statusCode: 201 });
      }));

    it('serves a level-0 tree node from its receipt row and refuses one that is not the receipt leaf', () =>
      withStore(async (s) => {
        const receipt = (logIndex: number, leafHash: string) => ({
          customerId: 'cus_n',
          logIndex,
          id: `rcpt_${logIndex}`,
          kind: 'quote',
          issuedAt: at,
          body: '{}',
          signature: 's',
          leafHash,
        });
        await s.transaction(async (tx) => {
          await tx.insertCustomer(customer('cus_n'));
          const log = tx.forCustomer('cus_n');
          await log.appendReceipt(receipt(0, 'aa'), [{ level: 0, index: 0, hash: 'aa' }], {
            size: 1,
            frontier: ['aa'],
            lastLeafHash: 'aa',
          });
          await log.appendReceipt(
            receipt(1, 'bb'),
            [
              { level: 0, index: 1, hash: 'bb' },
              { level: 1, index: 0, hash: 'ab' },
            ],
            { size: 2, frontier: ['ab'], lastLeafHash: 'bb' },
          );
        });
        const ids = [
          { level: 1, index: 0 },
          { level: 0, index: 1 },
          { level: 0, index: 0 },
          { level: 0, index: 7 },
        ];
        const nodes = await s.scope('cus_n').treeNodes(ids);
        expect([...nodes].sort((a, b) => a.level - b.level || a.index - b.index)).toEqual([
          { level: 0, index: 0, hash: 'aa' },
          { level: 0, index: 1, hash: 'bb' },
          { level: 1, index: 0, hash: 'ab' },
        ]);
        await expect(
          s.transaction((tx) =>
            tx.forCustomer('cus_n').appendReceipt(receipt(2, 'cc'), [{ level: 0, index: 2, hash: 'dd' }], {
              size: 3,
              frontier: ['ab', 'cc'],
              lastLeafHash: 'cc',
            }),
          ),
        ).rejects.toThrow(/level-0 node/);
        expect(await s.scope('cus_n').receiptHead()).toEqual({
          size: 2,
          frontier: ['ab'],
          lastLeafHash: 'bb',
          last: { id: 'rcpt_1', issuedAt: at },
        });
      }));

    it('keeps data across a restart and does not re-apply migrations', async () => {
      const s = await fixture.open();
      await s.transaction((tx) => tx.insertCustomer(customer('cus_keep')));
      await s.close();
      // PostgreSQL instances may start together (the migration lock serializes them). SQLite's one
      // writer per file is taken synchronously, so two stores in one process open one after the other.
      const [again, twin] =
        fixture.name === 'postgres'
          ? await Promise.all([fixture.reopen(), fixture.reopen()])
          : [await fixture.reopen(), await fixture.reopen()];
      try {
        expect((await again.read((r) => r.forCustomer('cus_keep').get()))?.id).toBe('cus_keep');
        expect(await twin.migrationStatus()).toEqual({ current: LATEST_VERSION, latest: LATEST_VERSION });
      } finally {
        await again.close();
        await twin.close();
      }
    });
  });
}
