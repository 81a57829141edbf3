/**
 * Usage recognized as used: each receipted operation beyond its meter's included volume for the
 * calendar month earns its billable units at the unit price of the version in force on its day, when
 * its receipt is issued. One usage line per such receipt, carrying the receipt's id and log index, so
 * that "receipt count matches revenue line items" is a count. Operations outside the service period,
 * after a cancellation or with no usage obligation for their meter earn nothing here.
 */
import { Dec, ZERO, roundToMinor } from '../pricing/decimal.ts';
import { monthOf } from './days.ts';
import type { CompiledTerms, ReceiptedOperation } from './types.ts';

export interface UsageLine {
  readonly receiptId: string;
  readonly logIndex: number;
  readonly obligationId: string;
  readonly version: number;
  readonly day: string;
  readonly billableUnits: Dec;
  readonly amount: Dec;
}

/** The version in force on `day`: the latest to take effect on or before it (versions in order). */
const inForce = (versions: readonly CompiledTerms[], day: string): CompiledTerms | undefined => {
  let found: CompiledTerms | undefined;
  for (const v of versions) if (v.effectiveFrom <= day) found = v;
  return found;
};

const byIssue = (a: ReceiptedOperation, b: ReceiptedOperation): number =>
  a.issuedAt < b.issuedAt ? -1 : a.issuedAt > b.issuedAt ? 1 : a.logIndex - b.logIndex;

export const usageLines = (
  versions: readonly CompiledTerms[],
  operations: readonly ReceiptedOperation[],
): UsageLine[] => {
  const used = new Map<string, Dec>();
  const out: UsageLine[] = [];
  for (const op of [...operations].sort(byIssue)) {
    const day = op.issuedAt.slice(0, 10);
    const terms = inForce(versions, day);
    if (terms === undefined || terms.modification === 'cancellation' || day >= terms.serviceEnd) continue;
    const obligation = terms.usage.find((u) => u.meter === op.kind);
    if (obligation === undefined) continue;
    const key = `${op.kind}:${monthOf(day)}`;
    const before = used.get(key) ?? ZERO;
    const after = before.plus(new Dec(op.units));
    used.set(key, after);
    const billable = after.minus(Dec.max(before, obligation.includedPerMonth));
    if (!billable.isPositive()) continue;
    out.push({
      receiptId: op.receiptId,
      logIndex: op.logIndex,
      obligationId: obligation.id,
      version: terms.version,
      day,
      billableUnits: billable,
      amount: roundToMinor(billable.times(obligation.unitPrice), terms.minorUnit),
    });
  }
  return out;
};
