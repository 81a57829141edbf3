/**
 * What the ledger should hold for a contract: its invoices, its monthly recognition per obligation and
 * its usage lines, each under the key the daily close matches ledger entries by.
 */
import { lastDayOf, monthOf } from './days.ts';
import { contractSchedule } from './schedule.ts';
import type { CompiledTerms, EntryKind, ReceiptedOperation, UsageMeter } from './types.ts';
import { decUnits } from './units.ts';
import { usageLines } from './usage.ts';

export interface ExpectedLine {
  readonly key: string;
  readonly kind: EntryKind;
  readonly obligationId: string | null;
  readonly version: number;
  readonly servicePeriod: string;
  readonly occurredOn: string;
  /** In minor units of the contract's currency. */
  readonly amount: bigint;
  readonly receiptId: string | null;
  readonly logIndex: number | null;
  readonly meter: UsageMeter | null;
}

const usageKey = (meter: UsageMeter | null, receiptId: string, day: string): string =>
  meter === 'capacity_unit_day' ? `usage|${receiptId}|${day}` : `usage|${receiptId}`;

/**
 * The key of a line: invoices by day, recognition by obligation and month, usage by receipt, and a
 * unit-day by its deploy receipt and day (as expectedLines spells them).
 */
export const lineKey = (l: {
  readonly kind: EntryKind;
  readonly obligationId: string | null;
  readonly servicePeriod: string;
  readonly occurredOn: string;
  readonly receiptId: string | null;
  readonly meter: UsageMeter | null;
}): string => {
  switch (l.kind) {
    case 'billing':
      return `billing|${l.occurredOn}`;
    case 'recognition':
      return `recognition|${l.obligationId ?? ''}|${l.servicePeriod}`;
    case 'usage':
      return usageKey(l.meter, l.receiptId ?? '', l.occurredOn);
  }
};

/**
 * Every line of the contract in order: invoices, then recognition (booked on the last day of its
 * month, a month's shares from two versions summed), then usage of the receipts, then unit-days (in
 * their own order: unit-days.ts). Versions come from compileHistory.
 */
export const expectedLines = (
  versions: readonly CompiledTerms[],
  operations: readonly ReceiptedOperation[],
  unitDays: readonly ReceiptedOperation[] = [],
): ExpectedLine[] => {
  const schedule = contractSchedule(versions);
  const minor = versions[0]?.minorUnit ?? 2;
  // Plain object literals, no spreads: this runs once per receipt and spread objects cost far more.
  const out: ExpectedLine[] = schedule.invoices.map((inv) => ({
    key: `billing|${inv.day}`,
    kind: 'billing',
    obligationId: null,
    version: inv.version,
    servicePeriod: monthOf(inv.day),
    occurredOn: inv.day,
    amount: decUnits(inv.amount, minor),
    receiptId: null,
    logIndex: null,
    meter: null,
  }));
  const months = new Map<string, ExpectedLine>();
  for (const share of schedule.recognition) {
    const key = `recognition|${share.obligationId}|${share.period}`;
    months.set(key, {
      key,
      kind: 'recognition',
      obligationId: share.obligationId,
      version: share.version,
      servicePeriod: share.period,
      occurredOn: lastDayOf(share.period),
      amount: (months.get(key)?.amount ?? 0n) + decUnits(share.amount, minor),
      receiptId: null,
      logIndex: null,
      meter: null,
    });
  }
  out.push(...months.values());
  // Separate passes: each meter counts its included volume in its own order, and the meters do not mix.
  for (const u of [...usageLines(versions, operations), ...usageLines(versions, unitDays)]) {
    out.push({
      key: usageKey(u.meter, u.receiptId, u.day),
      kind: 'usage',
      obligationId: u.obligationId,
      version: u.version,
      servicePeriod: monthOf(u.day),
      occurredOn: u.day,
      amount: u.amount,
      receiptId: u.receiptId,
      logIndex: u.logIndex,
      meter: u.meter,
    });
  }
  return out;
};
