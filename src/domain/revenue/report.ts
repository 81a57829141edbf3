/**
 * The monthly revenue report over many customers: per customer and in total (per currency), what was
 * recognized in each month of [from, to] and the deferred balance at its end. Entries before `from`
 * count toward the opening balance. Sums run in integer minor units (bigint): exact and fast over a
 * large ledger.
 */
import { minorUnitOf } from '../pricing/currencies.ts';
import { nextMonth } from './days.ts';
import type { EntryKind } from './types.ts';
import { toUnits, unitsText } from './units.ts';

export interface ReportInput {
  readonly customerId: string;
  readonly period: string;
  readonly kind: EntryKind;
  readonly amount: string;
  readonly currency: string;
}

interface ReportRow {
  readonly customerId: string | null;
  readonly currency: string;
  readonly period: string;
  readonly recognized: string;
  readonly deferred: string;
}

interface Sums {
  readonly currency: string;
  readonly billed: Map<string, bigint>;
  readonly recognized: Map<string, bigint>;
}

const bump = (m: Map<string, bigint>, k: string, v: bigint): void => {
  m.set(k, (m.get(k) ?? 0n) + v);
};

export const revenueReport = (
  entries: Iterable<ReportInput>,
  from: string,
  to: string,
): { readonly customers: ReportRow[]; readonly totals: ReportRow[] } => {
  const sums = new Map<string, Sums>();
  for (const e of entries) {
    if (e.period > to) continue;
    let s = sums.get(e.customerId);
    if (s === undefined) {
      s = { currency: e.currency, billed: new Map(), recognized: new Map() };
      sums.set(e.customerId, s);
    }
    const units = toUnits(e.amount, minorUnitOf(e.currency) ?? 2);
    // Everything before the report opens is one opening bucket.
    const period = e.period < from ? '' : e.period;
    if (e.kind !== 'recognition') bump(s.billed, period, units);
    if (e.kind !== 'billing') bump(s.recognized, period, units);
  }
  const customers: ReportRow[] = [];
  const totals = new Map<string, { recognized: bigint; deferred: bigint }>();
  for (const [customerId, s] of [...sums].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const minor = minorUnitOf(s.currency) ?? 2;
    let balance = (s.billed.get('') ?? 0n) - (s.recognized.get('') ?? 0n);
    for (let p = from; p <= to; p = nextMonth(p)) {
      const recognized = s.recognized.get(p) ?? 0n;
      balance += (s.billed.get(p) ?? 0n) - recognized;
      customers.push({
        customerId,
        currency: s.currency,
        period: p,
        recognized: unitsText(recognized, minor),
        deferred: unitsText(balance, minor),
      });
      const key = `${s.currency}|${p}`;
      const t = totals.get(key) ?? { recognized: 0n, deferred: 0n };
      totals.set(key, { recognized: t.recognized + recognized, deferred: t.deferred + balance });
    }
  }
  const totalRows = [...totals]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, t]): ReportRow => {
      const [currency = '', period = ''] = key.split('|');
      const minor = minorUnitOf(currency) ?? 2;
      return {
        customerId: null,
        currency,
        period,
        recognized: unitsText(t.recognized, minor),
        deferred: unitsText(t.deferred, minor),
      };
    });
  return { customers, totals: totalRows };
};
