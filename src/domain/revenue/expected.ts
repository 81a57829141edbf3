/**
 * What the ledger should hold for a contract: its invoices, its monthly recognition per obligation and
 * its usage lines, each under the key the daily close matches ledger entries by.
 */
import { lastDayOf, monthOf } from './days.ts';
import { contractSchedule } from './schedule.ts';
import type { CompiledTerms, EntryKind, ReceiptedOperation } from './types.ts';
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
}

/** The key of a line: invoices by day, recognition by obligation and month, usage by receipt (as expectedLines spells them). */
export const lineKey = (l: {
  readonly kind: EntryKind;
  readonly obligationId: string | null;
  readonly servicePeriod: string;
  readonly occurredOn: string;
  readonly receiptId: string | null;
}): string => {
  switch (l.kind) {
    case 'billing':
      return `billing|${l.occurredOn}`;
    case 'recognition':
      return `recognition|${l.obligationId ?? ''}|${l.servicePeriod}`;
    case 'usage':
      return `usage|${l.receiptId ?? ''}`;
  }
};

/**
 * Every line of the contract in order: invoices, then recognition (booked on the last day of its
 * month, a month's shares from two versions summed), then usage. Versions come from compileHistory.
 */
export const expectedLines = (
  versions: readonly CompiledTerms[],
  operations: readonly ReceiptedOperation[],
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
    });
  }
  out.push(...months.values());
  for (const u of usageLines(versions, operations)) {
    out.push({
      key: `usage|${u.receiptId}`,
      kind: 'usage',
      obligationId: u.obligationId,
      version: u.version,
      servicePeriod: monthOf(u.day),
      occurredOn: u.day,
      amount: u.amount,
      receiptId: u.receiptId,
      logIndex: u.logIndex,
    });
  }
  return out;
};
