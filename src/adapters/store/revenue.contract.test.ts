/**
 * The revenue ledger's contract, on SQLite and PostgreSQL alike: versions and entries round-trip, the
 * constraints that make one entry per key, the cross-customer pages, the daily close run through the
 * store in virtual time, and tampering through a raw connection refused by the database itself.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { storeFixtures } from '../../../test/support/stores.ts';
import type { Customer } from '../../domain/customer/types.ts';
import { planClose } from '../../domain/revenue/close.ts';
import { addDays } from '../../domain/revenue/days.ts';
import { stored, termsDoc } from '../../../test/support/revenue.ts';
import type { ReceiptedOperation, RevenueEntry, RevenueTermsDocument } from '../../domain/revenue/types.ts';
import type { Store } from './interface.ts';
import { RAW_CONN } from './sql/repositories.ts';

const at = '2026-01-01T00:00:00.000Z';
const customer = (id: string): Customer => ({
  id,
  name: id,
  contactEmail: `${id}@example.com`,
  mode: 'prod',
  createdAt: at,
  updatedAt: at,
});

const doc = termsDoc({
  billing: { kind: 'monthly_in_advance', billingDay: 1 },
  obligations: [
    { id: 'platform', kind: 'platform_access', price: '1200.00', standaloneSellingPrice: '1200.00', method: 'daily' },
    { id: 'publishes', kind: 'usage', meter: 'publish', includedPerMonth: '1', unitPrice: '2.50' },
  ],
});
const upgrade: RevenueTermsDocument = { ...doc, effectiveFrom: '2026-04-01', modification: 'upgrade' };
const operations: ReceiptedOperation[] = Array.from({ length: 40 }, (_, i) => ({
  receiptId: `rcpt_${String(i).padStart(3, '0')}`,
  logIndex: i,
  kind: 'publish',
  issuedAt: `${addDays('2026-01-01', i * 3)}T10:00:00.000Z`,
  units: '1',
}));

/** Runs SQL as an attacker with database access would, past the repositories. */
const raw = (tx: unknown, sql: string): Promise<void> => {
  const conn = (tx as { [RAW_CONN]?: { exec(s: string): Promise<void> } })[RAW_CONN];
  return conn ? conn.exec(sql) : Promise.reject(new Error('no raw connection'));
};

/** Closes `day` for a customer through the store: read, plan, append, in one transaction. */
const closeDay = (s: Store, customerId: string, day: string): Promise<RevenueEntry[]> =>
  s.transaction(async (tx) => {
    const scope = tx.forCustomer(customerId);
    await scope.lock();
    const entries = await scope.revenueEntries();
    const versions = await scope.revenueTerms();
    const drafts = planClose({ customerId, versions, operations, entries, day });
    const appended = stored(drafts, 0).map((e, i) => ({ ...e, id: `rev_${customerId}_${day}_${i}` }));
    await scope.appendRevenueEntries(appended);
    return appended;
  });

for (const fixture of storeFixtures()) {
  describe.skipIf(!fixture.available)(`revenue ledger contract: ${fixture.name}`, () => {
    afterAll(() => fixture.cleanup());
    const withStore = async (fn: (s: Store) => Promise<void>): Promise<void> => {
      const store = await fixture.open();
      try {
        await store.transaction(async (tx) => {
          await tx.insertCustomer(customer('cus_a'));
          await tx.insertCustomer(customer('cus_b'));
        });
        await fn(store);
      } finally {
        await store.close();
      }
    };
    const recordTerms = (s: Store, customerId: string, d: RevenueTermsDocument) =>
      s.transaction((tx) => tx.forCustomer(customerId).insertRevenueTerms(d.contractReference, d.effectiveFrom, d, at));

    it('numbers terms versions 1, 2, ... per customer and reads them back in order', () =>
      withStore(async (s) => {
        expect(await recordTerms(s, 'cus_a', doc)).toBe(1);
        expect(await recordTerms(s, 'cus_a', upgrade)).toBe(2);
        expect(await recordTerms(s, 'cus_b', doc)).toBe(1);
        const rows = await s.scope('cus_a').revenueTerms();
        expect(rows.map((r) => [r.version, r.effectiveFrom, r.contractReference])).toEqual([
          [1, '2026-01-01', 'MSA-1'],
          [2, '2026-04-01', 'MSA-1'],
        ]);
        expect(rows[1]?.document).toEqual(upgrade);
      }));

    it('appends the entries a close plans and reads them back exactly, evidence and nulls included', () =>
      withStore(async (s) => {
        await recordTerms(s, 'cus_a', doc);
        const evidence = new Map([
          ['2026-01', { logFirst: 0, logLast: 10, checkpointSize: 11, checkpointRoot: 'cd'.repeat(32) }],
        ]);
        const drafts = planClose({
          customerId: 'cus_a',
          versions: await s.scope('cus_a').revenueTerms(),
          operations,
          entries: [],
          day: '2026-01-31',
          evidence,
        });
        const entries = stored(drafts, 0);
        expect(entries.map((e) => e.kind)).toEqual(['billing', 'recognition', ...Array(10).fill('usage')]);
        await s.transaction((tx) => tx.forCustomer('cus_a').appendRevenueEntries(entries));
        expect(await s.scope('cus_a').revenueEntries()).toEqual(entries);
        expect(await s.scope('cus_b').revenueEntries()).toEqual([]);
      }));

    it('holds one original entry per key and refuses entries with no terms or of another customer', () =>
      withStore(async (s) => {
        await recordTerms(s, 'cus_a', doc);
        const [bill, recognition, usage] = stored(
          planClose({
            customerId: 'cus_a',
            versions: await s.scope('cus_a').revenueTerms(),
            operations,
            entries: [],
            day: '2026-01-31',
          }),
          0,
        );
        if (!bill || !recognition || !usage) throw new Error('expected billing, recognition and usage');
        await s.transaction((tx) => tx.forCustomer('cus_a').appendRevenueEntries([bill, recognition, usage]));
        const append = (e: RevenueEntry, customerId = 'cus_a') =>
          s.transaction((tx) => tx.forCustomer(customerId).appendRevenueEntries([e]));
        for (const e of [bill, recognition, usage])
          await expect(append({ ...e, id: `${e.id}_again` }), e.kind).rejects.toThrow();
        // A correction of the same key names its original, and is accepted.
        await append({ ...usage, id: 'rev_fix', amount: '-2.50', corrects: usage.id });
        await expect(append({ ...usage, id: 'rev_orphan', corrects: 'rev_missing' })).rejects.toThrow();
        await expect(append({ ...bill, id: 'rev_v9', termsVersion: 9, occurredOn: '2026-02-01' })).rejects.toThrow();
        await expect(append({ ...bill, id: 'rev_b', occurredOn: '2026-02-01' }, 'cus_b')).rejects.toThrow(
          /not customer/,
        );
        await expect(append({ ...usage, id: 'rev_noreceipt', receiptId: null })).rejects.toThrow();
      }));

    it("pages customers with terms, and every customer's entries through a period, in id order", () =>
      withStore(async (s) => {
        await recordTerms(s, 'cus_a', doc);
        await recordTerms(s, 'cus_b', doc);
        for (const day of ['2026-01-31', '2026-02-28']) {
          await closeDay(s, 'cus_a', day);
          await closeDay(s, 'cus_b', day);
        }
        const customers = await s.read((r) => r.revenueCustomers({ limit: 1 }));
        expect(customers).toEqual({ items: ['cus_a'], next: 'cus_a' });
        expect(await s.read((r) => r.revenueCustomers({ limit: 1, after: 'cus_a' }))).toEqual({
          items: ['cus_b'],
          next: null,
        });
        const through = async (period: string): Promise<RevenueEntry[]> => {
          const out: RevenueEntry[] = [];
          let after: string | undefined;
          do {
            const page = await s.read((r) => r.revenueEntriesThrough(period, { limit: 5, after }));
            out.push(...page.items);
            after = page.next ?? undefined;
          } while (after !== undefined);
          return out;
        };
        const january = await through('2026-01');
        expect(january.length).toBeGreaterThan(0);
        expect(january.every((e) => e.period === '2026-01')).toBe(true);
        const all = await through('2026-12');
        expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort());
        expect(new Set(all.map((e) => e.customerId))).toEqual(new Set(['cus_a', 'cus_b']));
      }));

    it('runs the daily close through the store for a year: the same ledger as the pure close, and re-runs append nothing', () =>
      withStore(async (s) => {
        await recordTerms(s, 'cus_a', doc);
        await recordTerms(s, 'cus_a', upgrade);
        for (let day = '2026-01-01'; day < '2027-01-01'; day = addDays(day, 1)) await closeDay(s, 'cus_a', day);
        const ledger = await s.scope('cus_a').revenueEntries();
        let pure: RevenueEntry[] = [];
        const versions = await s.scope('cus_a').revenueTerms();
        for (let day = '2026-01-01'; day < '2027-01-01'; day = addDays(day, 1)) {
          pure = [
            ...pure,
            ...stored(planClose({ customerId: 'cus_a', versions, operations, entries: pure, day }), pure.length),
          ];
        }
        const strip = (e: RevenueEntry) => ({ ...e, id: '', recordedAt: '' });
        expect(ledger.map(strip)).toEqual(pure.map(strip));
        expect(await closeDay(s, 'cus_a', '2026-06-30')).toEqual([]);
        expect(await closeDay(s, 'cus_a', '2026-12-31')).toEqual([]);
      }));

    it('holds one original unit-day per receipt and day, beside the same receipt as a deploy', () =>
      withStore(async (s) => {
        await recordTerms(s, 'cus_a', doc);
        const [bill] = stored(
          planClose({
            customerId: 'cus_a',
            versions: await s.scope('cus_a').revenueTerms(),
            operations: [],
            entries: [],
            day: '2026-01-01',
          }),
          0,
        );
        if (!bill) throw new Error('expected an invoice');
        const usage = (id: string, meter: RevenueEntry['meter'], day: string): RevenueEntry => ({
          ...bill,
          id,
          kind: 'usage',
          obligationId: 'publishes',
          occurredOn: day,
          receiptId: 'rcpt_deploy',
          logIndex: 3,
          amount: '1.00',
          meter,
        });
        const append = (e: RevenueEntry) => s.transaction((tx) => tx.forCustomer('cus_a').appendRevenueEntries([e]));
        await append(usage('rev_1', 'deploy', '2026-01-05'));
        await append(usage('rev_2', 'capacity_unit_day', '2026-01-05'));
        await append(usage('rev_3', 'capacity_unit_day', '2026-01-06'));
        await expect(append(usage('rev_4', 'capacity_unit_day', '2026-01-06'))).rejects.toThrow();
        await expect(append(usage('rev_5', 'deploy', '2026-01-07'))).rejects.toThrow();
        await append({ ...usage('rev_6', 'capacity_unit_day', '2026-01-06'), corrects: 'rev_3', amount: '-1.00' });
        const back = await s.scope('cus_a').revenueEntries();
        expect(back.map((e) => [e.id, e.meter])).toEqual([
          ['rev_1', 'deploy'],
          ['rev_2', 'capacity_unit_day'],
          ['rev_3', 'capacity_unit_day'],
          ['rev_6', 'capacity_unit_day'],
        ]);
      }));

    it("keeps one close mark per customer, replaced by the next close's", () =>
      withStore(async (s) => {
        const marks = (first: string, last: string) => s.transaction((tx) => tx.revenueCloseMarksIn(first, last));
        expect(await marks('cus_a', 'cus_b')).toEqual([]);
        await s.transaction((tx) =>
          tx.setRevenueCloseMarks([
            { customerId: 'cus_b', throughDay: '2026-03-01', termsVersions: 1 },
            { customerId: 'cus_a', throughDay: '2026-03-01', termsVersions: 2 },
          ]),
        );
        await s.transaction((tx) =>
          tx.setRevenueCloseMarks([{ customerId: 'cus_a', throughDay: '2026-02-10', termsVersions: 3 }]),
        );
        expect(await marks('cus_a', 'cus_b')).toEqual([
          { customerId: 'cus_a', throughDay: '2026-02-10', termsVersions: 3 },
          { customerId: 'cus_b', throughDay: '2026-03-01', termsVersions: 1 },
        ]);
        expect(await marks('cus_b', 'cus_z')).toEqual([
          { customerId: 'cus_b', throughDay: '2026-03-01', termsVersions: 1 },
        ]);
      }));

    it('records closed days and closed periods append-only, the latest in force', () =>
      withStore(async (s) => {
        expect(await s.read((r) => r.revenueClosedPeriod())).toBeNull();
        expect(await s.read((r) => r.revenueLastClosedDay())).toBeNull();
        await s.transaction(async (tx) => {
          await tx.recordRevenueDayClosed('2026-01-31', at);
          await tx.recordRevenueDayClosed('2026-01-31', '2026-02-02T00:00:00.000Z');
          await tx.recordRevenueDayClosed('2026-02-28', at);
          await tx.appendClosedPeriod({ period: '2026-01', closedAt: at, actor: 'admin' });
          await tx.appendClosedPeriod({ period: '2026-02', closedAt: at, actor: 'admin' });
        });
        expect(await s.read((r) => r.revenueLastClosedDay())).toBe('2026-02-28');
        expect(await s.read((r) => r.revenueClosedPeriod())).toEqual({
          period: '2026-02',
          closedAt: at,
          actor: 'admin',
        });
        for (const sql of [
          "UPDATE revenue_closed_periods SET period = '2026-12'",
          'DELETE FROM revenue_closed_periods',
          "UPDATE revenue_day_closes SET day = '2026-12-31'",
          'DELETE FROM revenue_day_closes',
        ])
          await expect(
            s.transaction((tx) => raw(tx, sql)),
            sql,
          ).rejects.toThrow(/append-only/);
      }));

    it('refuses UPDATE and DELETE of terms and entries through a raw connection', () =>
      withStore(async (s) => {
        await recordTerms(s, 'cus_a', doc);
        await closeDay(s, 'cus_a', '2026-01-31');
        const refused = [
          "UPDATE revenue_entries SET amount = '0.00'",
          "UPDATE revenue_entries SET corrects = NULL WHERE kind = 'usage'",
          'DELETE FROM revenue_entries',
          "UPDATE contract_revenue_terms SET document = '{}'",
          'DELETE FROM contract_revenue_terms',
        ];
        for (const sql of refused)
          await expect(
            s.transaction((tx) => raw(tx, sql)),
            sql,
          ).rejects.toThrow(/append-only/);
        expect((await s.scope('cus_a').revenueEntries()).length).toBeGreaterThan(0);
        expect(await s.scope('cus_a').revenueTerms()).toHaveLength(1);
      }));
  });
}
