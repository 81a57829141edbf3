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

/** The key of a line: invoices by day, recognition by obligation and month, usage by receipt. */
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
  const none = { receiptId: null, logIndex: null } as const;
  const billing = schedule.invoices.map((inv): ExpectedLine => {
    const line = { kind: 'billing', obligationId: null, servicePeriod: monthOf(inv.day), occurredOn: inv.day } as const;
    return {
      ...line,
      ...none,
      key: lineKey({ ...line, ...none }),
      version: inv.version,
      amount: decUnits(inv.amount, minor),
    };
  });
  const months = new Map<string, ExpectedLine>();
  for (const share of schedule.recognition) {
    const line = {
      kind: 'recognition',
      obligationId: share.obligationId,
      servicePeriod: share.period,
      occurredOn: lastDayOf(share.period),
    } as const;
    const key = lineKey({ ...line, ...none });
    const held = months.get(key)?.amount ?? 0n;
    months.set(key, { ...line, ...none, key, version: share.version, amount: held + decUnits(share.amount, minor) });
  }
  const usage = usageLines(versions, operations).map((u): ExpectedLine => {
    const line = {
      kind: 'usage',
      obligationId: u.obligationId,
      servicePeriod: monthOf(u.day),
      occurredOn: u.day,
    } as const;
    const evidence = { receiptId: u.receiptId, logIndex: u.logIndex };
    return { ...line, ...evidence, key: lineKey({ ...line, ...evidence }), version: u.version, amount: u.amount };
  });
  return [...billing, ...months.values(), ...usage];
};
