/**
 * The daily close as a service over a year in virtual time, on both stores: real signed receipts every
 * day, terms recorded over HTTP a little before they take effect (an upgrade in May, a cancellation
 * mid-October), each day closed just after it ends, and past days closed again now and then. The ledger
 * ends as the pure schedule calls for, never books into a month already past, has one usage entry per
 * receipt beyond the included volume, and carries each month's log range and its checkpoint.
 */
import { afterEach, expect, it } from 'vitest';
import { Dec, ZERO } from '../../src/domain/pricing/decimal.ts';
import { addDays, monthOf } from '../../src/domain/revenue/days.ts';
import { compileHistory } from '../../src/domain/revenue/history.ts';
import { contractSchedule } from '../../src/domain/revenue/schedule.ts';
import type { RevenueEntry, RevenueTermsDocument } from '../../src/domain/revenue/types.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { appendReceipt } from '../../src/services/receipts/append-receipt.ts';
import { closeRevenueDay } from '../../src/services/revenue/close-revenue-day.ts';
import { asActor } from '../../src/services/context.ts';
import { inCloseWindow, termsDoc, yearObligations } from '../support/revenue.ts';
import { describeService, onboard } from '../support/service.ts';

const base = termsDoc({
  billing: { kind: 'monthly_in_advance', billingDay: 1 },
  obligations: yearObligations('12000.00'),
});
const upgrade: RevenueTermsDocument = {
  ...base,
  effectiveFrom: '2026-05-01',
  modification: 'upgrade',
  obligations: yearObligations('16000.00'),
};
const cancellation: RevenueTermsDocument = { ...upgrade, effectiveFrom: '2026-10-15', modification: 'cancellation' };
/** Each version with the day finance records it. */
const RECORDED: readonly (readonly [string, RevenueTermsDocument])[] = [
  ['2025-12-20', base],
  ['2026-04-20', upgrade],
  ['2026-09-15', cancellation],
];

const clock = new ManualClock('2025-12-20T12:00:00.000Z');
// The next store's service starts (and creates its signing key) before the year it signs receipts in.
afterEach(() => clock.set('2025-12-20T12:00:00.000Z'));
const sumOf = (entries: readonly RevenueEntry[], keep: (e: RevenueEntry) => boolean): Dec =>
  entries.filter(keep).reduce((a, e) => a.plus(new Dec(e.amount)), ZERO);

describeService(
  'the daily close over a year, through the service',
  (svc) => {
    it('books what the terms call for, with evidence, idempotently, never into a past month', async () => {
      clock.set('2025-12-20T12:00:00.000Z');
      const c = await onboard(svc(), 'RevenueYear');
      const ctx = svc().service.ctx;
      const system = asActor(ctx, { kind: 'system' });
      const receipts: { id: string; index: number; kind: string; issuedAt: string }[] = [];
      const receipt = (kind: 'publish' | 'deploy' | 'quote') =>
        ctx.store.transaction(async (tx) => {
          const { receipt: r } = await appendReceipt(tx, ctx, {
            customerId: c.id,
            kind,
            mode: 'pilot',
            authority: 'advisory',
            request: { n: receipts.length },
            result: { ok: true },
            contractReference: null,
            insurance: null,
            disclaimer: 'revenue test',
          });
          receipts.push({ id: r.body.id, index: r.body.logIndex, kind, issuedAt: r.body.issuedAt });
        });
      const record = async (doc: RevenueTermsDocument) => {
        const res = await svc().admin('PUT', `/v1/admin/customers/${c.id}/revenue-terms`, doc);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      };
      await record(base);
      let reruns = 0;
      let lastRerun = '';
      for (let day = '2026-01-01'; day <= '2027-01-31'; day = addDays(day, 1)) {
        for (const [at, doc] of RECORDED) if (at === day) await record(doc);
        clock.set(`${day}T09:00:00.000Z`);
        await receipt('publish');
        if (Number(day.slice(8)) % 3 === 0) await receipt('deploy');
        if (day.endsWith('-07')) await receipt('quote');
        clock.set(`${addDays(day, 1)}T00:10:00.000Z`);
        const summary = day.endsWith('-15')
          ? (await svc().admin('POST', '/v1/admin/revenue/close', { day })).body
          : await closeRevenueDay({ ctx: system, input: { day } });
        expect(summary.failed).toEqual([]);
        lastRerun = day;
        if (Number(day.slice(8)) % 11 === 0) {
          lastRerun = addDays(day, -(reruns++ % 40) - 1);
          const again = await closeRevenueDay({ ctx: system, input: { day: lastRerun } });
          expect(again.appended).toBe(0);
        }
      }

      const ledger = await ctx.store.scope(c.id).revenueEntries();
      // Each entry was booked by the close of its day, in that day's month: never into a month already past.
      expect(
        ledger.filter((e) => e.period !== monthOf(e.bookedOn) || e.recordedAt.slice(0, 10) !== addDays(e.bookedOn, 1)),
      ).toEqual([]);
      const schedule = contractSchedule(compileHistory(RECORDED.map(([, d], i) => ({ version: i + 1, document: d }))));
      for (const id of ['platform', 'support']) {
        const expected = schedule.recognition
          .filter((r) => r.obligationId === id)
          .reduce((a, r) => a.plus(r.amount), ZERO);
        expect(sumOf(ledger, (e) => e.kind === 'recognition' && e.obligationId === id).toFixed(2), id).toBe(
          expected.toFixed(2),
        );
      }
      const billed = schedule.invoices.reduce((a, i) => a.plus(i.amount), ZERO);
      expect(sumOf(ledger, (e) => e.kind === 'billing').toFixed(2)).toBe(billed.toFixed(2));
      expect(ledger.filter((e) => e.kind !== 'billing' && e.servicePeriod > '2026-10')).toEqual([]);
      expect(ledger.every((e) => e.corrects === null)).toBe(true);

      // One usage entry per receipted operation beyond the month's included volume, before the cancellation.
      const beyond: string[] = [];
      const used = new Map<string, number>();
      for (const r of receipts) {
        if (r.kind === 'quote' || r.issuedAt >= '2026-10-15') continue;
        const key = `${r.kind}:${monthOf(r.issuedAt)}`;
        const n = (used.get(key) ?? 0) + 1;
        used.set(key, n);
        if (n > (r.kind === 'publish' ? 20 : 5)) beyond.push(r.id);
      }
      const usage = ledger.filter((e) => e.kind === 'usage');
      expect(usage.map((e) => e.receiptId)).toEqual(beyond);
      const byId = new Map(receipts.map((r) => [r.id, r]));
      expect(usage.every((e) => byId.get(e.receiptId ?? '')?.index === e.logIndex)).toBe(true);

      // Each month's recognition carries that month's log range and the first checkpoint covering it.
      const scope = ctx.store.scope(c.id);
      for (const month of ['2026-01', '2026-06', '2026-10']) {
        const ofMonth = receipts.filter((r) => monthOf(r.issuedAt) === month);
        const entries = ledger.filter((e) => e.kind === 'recognition' && e.servicePeriod === month);
        expect(entries.length).toBe(2);
        for (const e of entries) {
          expect([e.logFirst, e.logLast]).toEqual([ofMonth[0]?.index, ofMonth.at(-1)?.index]);
          expect(e.checkpointSize).toBeGreaterThanOrEqual((ofMonth.at(-1)?.index ?? 0) + 1);
          const cp = await scope.checkpointAt(e.checkpointSize ?? -1);
          expect(cp?.rootHash).toBe(e.checkpointRoot);
        }
      }

      // The close's windowed reads hold what its model (inCloseWindow) picks of the whole reads, and a
      // customer listed whole is read whole; the marks moved with the closes (the last one a re-run).
      await ctx.store.transaction(async (tx) => {
        const before = '2027-02-01T00:00:00.000Z';
        const allEntries = await tx.revenueEntriesIn(c.id, c.id);
        const allOperations = await tx.meteredOperationsIn(c.id, c.id, before);
        expect(allOperations.length).toBe(receipts.filter((r) => r.kind !== 'quote').length);
        for (const [from, bookedAfter] of [
          ['2026-06', '2026-06'],
          ['2026-06', '2026-03'],
          ['2027-01', '2027-01'],
        ] as const) {
          const window = { from, bookedAfter, whole: [] };
          const entries = await tx.revenueEntriesIn(c.id, c.id, window);
          expect(entries).toEqual(allEntries.filter((e) => inCloseWindow.entry(e, from, bookedAfter)));
          expect(entries.length).toBeLessThan(allEntries.length);
          const operations = await tx.meteredOperationsIn(c.id, c.id, before, window);
          expect(operations).toEqual(allOperations.filter((o) => inCloseWindow.operation(o, from)));
          expect(await tx.revenueEntriesIn(c.id, c.id, { ...window, whole: [c.id] })).toEqual(allEntries);
          expect(await tx.meteredOperationsIn(c.id, c.id, before, { ...window, whole: [c.id] })).toEqual(allOperations);
        }
        const marks = await tx.revenueCloseMarksIn(c.id, c.id);
        expect(marks).toEqual([{ customerId: c.id, throughDay: lastRerun, termsVersions: RECORDED.length }]);
      });

      const view = await svc().admin('GET', `/v1/admin/customers/${c.id}/revenue`);
      expect(view.status).toBe(200);
      expect(view.body.entries.length).toBe(ledger.length);
      const last = view.body.waterfall.at(-1);
      const deferred = sumOf(ledger, (e) => e.kind !== 'recognition').minus(sumOf(ledger, (e) => e.kind !== 'billing'));
      // October was billed in advance and only half earned: the rest stays deferred.
      expect(last.deferredClosing).toBe(deferred.toFixed(2));
      expect(deferred.isPositive()).toBe(true);
    });
  },
  { clock },
);
