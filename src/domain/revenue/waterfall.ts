/**
 * The waterfall of one contract: per accounting period, what was billed and what was recognized, and
 * the deferred revenue balance it opened and closed with (closing = opening + billed - recognized). A
 * usage entry is billed and recognized at once. A negative closing balance is revenue earned ahead of
 * billing (unbilled receivable).
 */
import { Dec, ZERO, formatMoney } from '../pricing/decimal.ts';
import { nextMonth } from './days.ts';
import type { EntryKind } from './types.ts';

interface WaterfallInput {
  readonly period: string;
  readonly kind: EntryKind;
  readonly amount: string;
}

interface WaterfallRow {
  readonly period: string;
  readonly billed: string;
  readonly recognized: string;
  readonly deferredOpening: string;
  readonly deferredClosing: string;
}

/** One row per period from the first to the last that holds an entry (empty months included). */
export const waterfall = (entries: readonly WaterfallInput[], minorUnit: number): WaterfallRow[] => {
  const billed = new Map<string, Dec>();
  const recognized = new Map<string, Dec>();
  const add = (m: Map<string, Dec>, period: string, v: Dec): void => {
    m.set(period, (m.get(period) ?? ZERO).plus(v));
  };
  let first: string | undefined;
  let last: string | undefined;
  for (const e of entries) {
    const amount = new Dec(e.amount);
    if (e.kind !== 'recognition') add(billed, e.period, amount);
    if (e.kind !== 'billing') add(recognized, e.period, amount);
    if (first === undefined || e.period < first) first = e.period;
    if (last === undefined || e.period > last) last = e.period;
  }
  const rows: WaterfallRow[] = [];
  let balance = ZERO;
  for (let p = first; p !== undefined && last !== undefined && p <= last; p = nextMonth(p)) {
    const b = billed.get(p) ?? ZERO;
    const r = recognized.get(p) ?? ZERO;
    const closing = balance.plus(b).minus(r);
    const f = (v: Dec): string => formatMoney(v, minorUnit);
    rows.push({ period: p, billed: f(b), recognized: f(r), deferredOpening: f(balance), deferredClosing: f(closing) });
    balance = closing;
  }
  return rows;
};
