/**
 * The daily close over every customer with revenue terms: for a day that has ended, each customer's
 * ledger gains what its terms call for up to that day (domain/revenue/close.ts plans it), with the
 * evidence of each entry: the receipt a usage entry recognizes (for a unit-day, the deploy receipt of
 * the deployment that held the capacity), and on a month's recognition the log range of that month
 * and the first signed checkpoint covering it. Idempotent and re-runnable for any
 * past day; never changes a closed period (corrections are new entries in the open period, after any
 * month finance has closed). A close that completes for every customer is recorded by its day, so
 * finance can close a month once its last day is covered.
 *
 * Customers are closed in batches: per batch one transaction, one query per table for all its
 * customers (ordered by customer), and multi-row inserts, so a close costs a few round trips per
 * hundred customers rather than per customer. Closes are serialized by a lock, so two never plan
 * against the same ledger.
 */
import { performance } from 'node:perf_hooks';
import type { StoreTx } from '../../adapters/store/interface.ts';
import type {
  CloseWindow,
  CustomerHolding,
  CustomerOperation,
  LogEvidenceRow,
  RevenueCloseMark,
} from '../../adapters/store/ports/revenue.ts';
import { DomainError, isDomainError } from '../../domain/errors/domain-error.ts';
import { planClose, planFrom } from '../../domain/revenue/close.ts';
import { addDays, firstDayOf, instantOf, monthOf, nextMonth } from '../../domain/revenue/days.ts';
import { parseRevenueDay } from '../../domain/revenue/parse.ts';
import type { RevenueEntry, RevenueEntryDraft, RevenueTermsVersion } from '../../domain/revenue/types.ts';
import { newId } from '../../domain/shared/ids.ts';
import { requireAdmin } from '../auth/require.ts';
import { nowIso, type ServiceContext, type VerbArgs } from '../context.ts';

const CLOSE_BATCH = 200;

interface CloseInput {
  readonly day: string;
  /** Called after each batch with the customers closed so far. */
  readonly onProgress?: (done: number) => void;
  readonly batch?: number;
  /** When given, milliseconds spent per phase (read, holdings, plan, evidence, write) are added into it (the bench). */
  readonly phases?: Record<string, number>;
}

interface CloseSummary {
  readonly day: string;
  readonly customers: number;
  readonly appended: number;
  /** Customers whose stored terms no longer compile; logged, their ledger left as it was. */
  readonly failed: readonly string[];
}

const groupBy = <T extends { readonly customerId: string }>(rows: readonly T[]): Map<string, T[]> => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.customerId);
    if (list === undefined) out.set(r.customerId, [r]);
    else list.push(r);
  }
  return out;
};

/** Per customer planned in part (planFrom): the first service month to plan. */
const plannedFrom = (
  marks: readonly RevenueCloseMark[],
  terms: ReadonlyMap<string, readonly unknown[]>,
  day: string,
): Map<string, string> => {
  const out = new Map<string, string>();
  for (const m of marks) {
    const from = planFrom(m, terms.get(m.customerId)?.length ?? 0, day);
    if (from !== undefined) out.set(m.customerId, from);
  }
  return out;
};

/** What the batch reads: from the earliest month any of its customers needs, the rest of them whole. */
const closeWindow = (
  ids: readonly string[],
  from: ReadonlyMap<string, string>,
  day: string,
): CloseWindow | undefined => {
  let earliest: string | undefined;
  for (const m of from.values()) if (earliest === undefined || m < earliest) earliest = m;
  if (earliest === undefined) return undefined;
  return { from: earliest, bookedAfter: monthOf(day), whole: ids.filter((id) => !from.has(id)) };
};

/** The month's log range and checkpoint, read once per customer and month that needs them. */
const evidenceFor = async (tx: StoreTx, drafts: readonly RevenueEntryDraft[]): Promise<Map<string, LogEvidenceRow>> => {
  const out = new Map<string, LogEvidenceRow>();
  for (const d of drafts) {
    const key = `${d.customerId}|${d.servicePeriod}`;
    if (d.kind !== 'recognition' || out.has(key)) continue;
    const from = instantOf(firstDayOf(d.servicePeriod));
    const to = instantOf(firstDayOf(nextMonth(d.servicePeriod)));
    out.set(key, await tx.logEvidence(d.customerId, from, to));
  }
  return out;
};

const closeBatch = async (
  ctx: ServiceContext,
  ids: readonly string[],
  day: string,
  failed: string[],
  phases: Record<string, number> | undefined,
): Promise<number> => {
  let mark = performance.now();
  const lap = (phase: string): void => {
    if (phases === undefined) return;
    const now = performance.now();
    phases[phase] = (phases[phase] ?? 0) + now - mark;
    mark = now;
  };
  const first = ids[0];
  const last = ids[ids.length - 1];
  if (first === undefined || last === undefined) return 0;
  return ctx.store.transaction(async (tx) => {
    await tx.lockRevenueClose();
    const closedThrough = (await tx.revenueClosedPeriod())?.period ?? null;
    const terms = groupBy(await tx.revenueTermsIn(first, last));
    const from = plannedFrom(await tx.revenueCloseMarksIn(first, last), terms, day);
    const window = closeWindow(ids, from, day);
    const entries = groupBy(await tx.revenueEntriesIn(first, last, window));
    const before = instantOf(addDays(day, 1));
    const operations = groupBy<CustomerOperation>(await tx.meteredOperationsIn(first, last, before, window));
    lap('read');
    const holdings = groupBy<CustomerHolding>(await tx.capacityHoldingsIn(first, last, before, window));
    lap('holdings');
    const drafts: RevenueEntryDraft[] = [];
    const marks: RevenueCloseMark[] = [];
    for (const customerId of ids) {
      const versions: RevenueTermsVersion[] = (terms.get(customerId) ?? []).map((t) => ({
        version: t.version,
        document: t.document,
      }));
      const since = from.get(customerId);
      try {
        drafts.push(
          ...planClose({
            customerId,
            versions,
            operations: operations.get(customerId) ?? [],
            entries: entries.get(customerId) ?? [],
            holdings: holdings.get(customerId) ?? [],
            day,
            closedThrough,
            ...(since === undefined ? {} : { from: since }),
          }),
        );
        marks.push({ customerId, throughDay: day, termsVersions: versions.length });
      } catch (e) {
        if (!isDomainError(e)) throw e;
        failed.push(customerId);
        ctx.logger.error({ customerId, code: e.code, detail: e.detail }, 'revenue close: terms do not compile');
      }
    }
    lap('plan');
    const evidence = await evidenceFor(tx, drafts);
    lap('evidence');
    const recordedAt = nowIso(ctx);
    const now = ctx.clock.now();
    const rows: RevenueEntry[] = drafts.map((d) => {
      const ev = d.kind === 'recognition' ? evidence.get(`${d.customerId}|${d.servicePeriod}`) : undefined;
      return { ...d, ...ev, id: newId('rev', now), recordedAt };
    });
    await tx.appendRevenueEntriesBulk(rows);
    await tx.setRevenueCloseMarks(marks);
    lap('write');
    return rows.length;
  });
};

export const closeRevenueDay = async ({ ctx, input }: VerbArgs<CloseInput>): Promise<CloseSummary> => {
  await requireAdmin(ctx);
  const day = parseRevenueDay(input.day, '/day');
  const today = nowIso(ctx).slice(0, 10);
  if (day >= today) throw new DomainError('TAI-REVENUE-DAY-OPEN', { path: '/day', detail: `${day} >= ${today}` });
  const batch = input.batch ?? CLOSE_BATCH;
  const failed: string[] = [];
  let customers = 0;
  let appended = 0;
  let after: string | undefined;
  for (;;) {
    const page = await ctx.store.read((r) => r.revenueCustomers({ limit: batch, after }));
    appended += await closeBatch(ctx, page.items, day, failed, input.phases);
    customers += page.items.length;
    input.onProgress?.(customers);
    if (page.next === null) break;
    after = page.next;
  }
  // A day counts as closed (for closing its month) only when every customer's ledger was brought up to it.
  if (failed.length === 0) await ctx.store.transaction((tx) => tx.recordRevenueDayClosed(day, nowIso(ctx)));
  ctx.logger.info({ day, customers, appended, failed: failed.length }, 'revenue close done');
  return { day, customers, appended, failed };
};
