/**
 * Usage recognized as used: each receipted operation beyond its meter's included volume for the
 * calendar month earns its billable units at the unit price of the version in force on its day, when
 * its receipt is issued, rounded half-up to the minor unit. One usage line per such receipt, carrying
 * the receipt's id and log index, so that "receipt count matches revenue line items" is a count.
 * Operations outside the service period, after a cancellation or with no usage obligation for their
 * meter earn nothing here. A unit-day (unit-days.ts) is an operation on the day it was held, naming its
 * deploy receipt. Arithmetic in exact bigint units (units.ts): this runs over every receipt.
 */
import { DomainError } from '../errors/domain-error.ts';
import { FINE_SCALE } from '../pricing/decimal.ts';
import { monthOf } from './days.ts';
import type { CompiledTerms, ReceiptedOperation, UsageMeter } from './types.ts';
import { roundUnits, toUnits } from './units.ts';

interface UsageLine {
  readonly meter: UsageMeter;
  readonly receiptId: string;
  readonly logIndex: number;
  readonly obligationId: string;
  readonly version: number;
  readonly day: string;
  /** Units beyond the included volume, in counts of 10^-12 (see units.ts). */
  readonly billableUnits: bigint;
  /** In minor units of the currency. */
  readonly amount: bigint;
}

/** The version in force on `day`: the latest to take effect on or before it (versions in order). */
const inForce = (versions: readonly CompiledTerms[], day: string): CompiledTerms | undefined => {
  let found: CompiledTerms | undefined;
  for (const v of versions) if (v.effectiveFrom <= day) found = v;
  return found;
};

/** Issue order; unit-days (which carry their day) by day, then by their deploy receipt's log index. */
const byIssue = (a: ReceiptedOperation, b: ReceiptedOperation): number => {
  const x = a.day ?? a.issuedAt;
  const y = b.day ?? b.issuedAt;
  return x < y ? -1 : x > y ? 1 : a.logIndex - b.logIndex;
};

/** In issue order; a log is normally in that order already, so the copy is sorted only when it is not. */
const inIssueOrder = (operations: readonly ReceiptedOperation[]): readonly ReceiptedOperation[] => {
  for (let i = 1; i < operations.length; i++) {
    const [a, b] = [operations[i - 1], operations[i]];
    if (a !== undefined && b !== undefined && byIssue(a, b) > 0) return [...operations].sort(byIssue);
  }
  return operations;
};

const unitsOf = (op: ReceiptedOperation): bigint => {
  try {
    return toUnits(op.units, FINE_SCALE);
  } catch (e) {
    throw new DomainError('TAI-REVENUE-AMOUNT-INVALID', { detail: `receipt ${op.receiptId} units`, cause: e });
  }
};

export const usageLines = (
  versions: readonly CompiledTerms[],
  operations: readonly ReceiptedOperation[],
): UsageLine[] => {
  const used = new Map<string, bigint>();
  const out: UsageLine[] = [];
  for (const op of inIssueOrder(operations)) {
    const day = op.day ?? op.issuedAt.slice(0, 10);
    const terms = inForce(versions, day);
    if (terms === undefined || terms.modification === 'cancellation' || day >= terms.serviceEnd) continue;
    const obligation = terms.usage.find((u) => u.meter === op.kind);
    if (obligation === undefined) continue;
    const key = `${op.kind}:${monthOf(day)}`;
    const before = used.get(key) ?? 0n;
    const after = before + unitsOf(op);
    used.set(key, after);
    const billable = after - (before > obligation.includedUnits ? before : obligation.includedUnits);
    if (billable <= 0n) continue;
    out.push({
      meter: op.kind,
      receiptId: op.receiptId,
      logIndex: op.logIndex,
      obligationId: obligation.id,
      version: terms.version,
      day,
      billableUnits: billable,
      amount: roundUnits(billable * obligation.unitPriceUnits, 2 * FINE_SCALE, terms.minorUnit),
    });
  }
  return out;
};
