/**
 * The daily close as a pure planner. Closing a day compares what the contract calls for up to that
 * day (invoices dated on or before it, the recognition of every month that has ended by it, the usage
 * of every receipt issued on or before it) with what the ledger holds under the same keys, and returns
 * the entries to append: an original where the ledger has none, a correction naming the original
 * where the amounts differ. Re-running any day appends nothing unless something changed. Every entry
 * is booked in the open period, so a closed period is never changed; see docs/revenue.md.
 */
import { firstDayOf, lastDayOf, monthOf, nextMonth } from './days.ts';
import { expectedLines, lineKey, type ExpectedLine } from './expected.ts';
import { compileHistory } from './history.ts';
import { toUnits, unitsText } from './units.ts';
import { unitDayOperations } from './unit-days.ts';
import type {
  CapacityHolding,
  PeriodEvidence,
  ReceiptedOperation,
  RevenueEntry,
  RevenueEntryDraft,
  RevenueTermsVersion,
} from './types.ts';

/** What the planner reads of a held entry: its key, amount, correction link and booking period. */
export type HeldEntry = Pick<
  RevenueEntry,
  | 'id'
  | 'kind'
  | 'obligationId'
  | 'servicePeriod'
  | 'occurredOn'
  | 'receiptId'
  | 'logIndex'
  | 'amount'
  | 'corrects'
  | 'period'
  | 'termsVersion'
  | 'meter'
>;

export interface CloseInput {
  readonly customerId: string;
  readonly versions: readonly RevenueTermsVersion[];
  readonly operations: readonly ReceiptedOperation[];
  /** Every entry the ledger holds for this customer. */
  readonly entries: readonly HeldEntry[];
  /** The day being closed (YYYY-MM-DD). */
  readonly day: string;
  /** The last period finance has closed (YYYY-MM), if any. */
  readonly closedThrough?: string | null;
  /** Capacity the customer's deployments held: each day held up to the closed day is a unit-day (unit-days.ts). */
  readonly holdings?: readonly CapacityHolding[];
  /** By service month: the log range of that month and the checkpoint at its end, copied onto its recognition entries. */
  readonly evidence?: ReadonlyMap<string, PeriodEvidence>;
  /**
   * The first service month (YYYY-MM) to plan; lines of earlier months are left as the ledger holds them.
   * Each line belongs to one service month and depends only on the terms and that month's operations (an
   * included volume is per month). So a caller whose ledger was planned through day L (L <= day) with the
   * same terms may pass the month of L: every earlier month had ended by L, all its lines were due and were
   * brought up to date then. With it, `entries` need hold only the entries of service months from `from` on
   * and those booked in a period after the month of `day` (for the open period), and `operations` and
   * `holdings` only those of these months; more is ignored.
   */
  readonly from?: string;
}

/** How far the close has brought a customer's ledger: the day last planned, with that many terms versions. */
export interface CloseMark {
  readonly throughDay: string;
  readonly termsVersions: number;
}

/**
 * The `from` to plan `day` with, given the customer's mark and its terms-version count now: the mark's
 * month when the mark is this day or an earlier one with the same count (that month is planned again, so a
 * day closed twice sees a receipt that arrived in between); otherwise none (no mark, a terms version
 * recorded since, or a day before the mark closed again), and the customer is planned whole.
 */
export const planFrom = (mark: CloseMark | undefined, termsVersions: number, day: string): string | undefined =>
  mark !== undefined && mark.throughDay <= day && mark.termsVersions === termsVersions
    ? monthOf(mark.throughDay)
    : undefined;

const NO_EVIDENCE: PeriodEvidence = { logFirst: null, logLast: null, checkpointSize: null, checkpointRoot: null };

/**
 * The period new entries are booked in: the month of the day being closed, unless the ledger already
 * holds a later period or finance has closed it, in which case the first period still open.
 */
const openPeriod = (day: string, entries: readonly HeldEntry[], closedThrough?: string | null): string => {
  let open = monthOf(day);
  for (const e of entries) if (e.period > open) open = e.period;
  if (closedThrough != null && nextMonth(closedThrough) > open) open = nextMonth(closedThrough);
  return open;
};

const isDue = (line: Pick<ExpectedLine, 'kind' | 'occurredOn' | 'servicePeriod'>, day: string): boolean =>
  line.kind === 'recognition' ? lastDayOf(line.servicePeriod) <= day : line.occurredOn <= day;

interface Held {
  /** In minor units. */
  readonly total: bigint;
  readonly original: HeldEntry;
}

const heldByKey = (entries: readonly HeldEntry[], minorUnit: number): Map<string, Held> => {
  const held = new Map<string, Held>();
  for (const e of entries) {
    const key = lineKey(e);
    const prior = held.get(key);
    const original =
      prior === undefined || (e.corrects === null && prior.original.corrects !== null) ? e : prior.original;
    held.set(key, { total: (prior?.total ?? 0n) + toUnits(e.amount, minorUnit), original });
  }
  return held;
};

export const planClose = (input: CloseInput): RevenueEntryDraft[] => {
  const versions = compileHistory(input.versions);
  const first = versions[0];
  if (first === undefined) return [];
  const { day, customerId, from } = input;
  const period = openPeriod(day, input.entries, input.closedThrough);
  const held = heldByKey(
    from === undefined ? input.entries : input.entries.filter((e) => e.servicePeriod >= from),
    first.minorUnit,
  );
  const drafts: RevenueEntryDraft[] = [];

  const append = (line: Omit<ExpectedLine, 'key' | 'amount'>, delta: bigint, corrects: string | null): void => {
    const evidence =
      line.kind === 'recognition' ? (input.evidence?.get(line.servicePeriod) ?? NO_EVIDENCE) : NO_EVIDENCE;
    drafts.push({
      customerId,
      termsVersion: line.version,
      obligationId: line.obligationId,
      kind: line.kind,
      period,
      servicePeriod: line.servicePeriod,
      occurredOn: line.occurredOn,
      bookedOn: day,
      amount: unitsText(delta, first.minorUnit),
      currency: first.currency,
      receiptId: line.receiptId,
      logIndex: line.logIndex,
      logFirst: evidence.logFirst,
      logLast: evidence.logLast,
      checkpointSize: evidence.checkpointSize,
      checkpointRoot: evidence.checkpointRoot,
      corrects,
      meter: line.meter,
    });
  };

  const start = from === undefined ? undefined : firstDayOf(from);
  const operations =
    start === undefined ? input.operations : input.operations.filter((o) => (o.day ?? o.issuedAt) >= start);
  const unitDays = unitDayOperations(input.holdings ?? [], day, start);
  const expected = expectedLines(versions, operations, unitDays).filter(
    (l) => isDue(l, day) && (from === undefined || l.servicePeriod >= from),
  );
  const seen = new Set<string>();
  for (const line of expected) {
    seen.add(line.key);
    const h = held.get(line.key);
    const delta = line.amount - (h?.total ?? 0n);
    if (delta !== 0n) append(line, delta, h?.original.id ?? null);
  }
  // Held under a key the terms no longer call for (a retroactive change): reverse what is left of it.
  for (const [key, h] of held) {
    const o = h.original;
    if (seen.has(key) || h.total === 0n || !isDue(o, day)) continue;
    append(
      {
        kind: o.kind,
        obligationId: o.obligationId,
        version: o.termsVersion,
        servicePeriod: o.servicePeriod,
        occurredOn: o.occurredOn,
        receiptId: o.receiptId,
        logIndex: o.logIndex,
        meter: o.meter,
      },
      -h.total,
      o.id,
    );
  }
  return drafts;
};
