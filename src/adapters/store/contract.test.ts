/** The one contract suite every store adapter must pass: SQLite and PostgreSQL alike. */
import { afterAll, describe, expect, it } from 'vitest';
import { storeFixtures } from '../../../test/support/stores.ts';
import type { Contract, Customer } from '../../domain/customer/types.ts';
import type { Store } from './interface.ts';
import { LATEST_VERSION } from './migrations/index.ts';

const at = '2026-11-25T12:00:00.000Z';
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
