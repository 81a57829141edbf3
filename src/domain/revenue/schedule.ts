/**
 * The schedule a contract's terms call for, version by version, with modifications accounted for
 * prospectively: at a modification, the fixed price of the new version less what was already
 * recognized is allocated afresh and spread over the rest of the (new) service period; billing
 * likewise bills the new price less what was already billed over the billing days left. A
 * cancellation stops both on its day; what was billed and not earned stays deferred.
 */
import { DomainError } from '../errors/domain-error.ts';
import { Dec, ZERO } from '../pricing/decimal.ts';
import { allocateFixed, transactionPrice } from './allocation.ts';
import { addMonths, daysBetween } from './days.ts';
import { recognize, shareBefore } from './methods.ts';
import { splitByWeights } from './split.ts';
import type { CompiledTerms, PeriodShare } from './types.ts';

interface RecognitionShare extends PeriodShare {
  readonly obligationId: string;
  readonly version: number;
}

interface Invoice {
  readonly day: string;
  readonly amount: Dec;
  readonly version: number;
}

interface ContractSchedule {
  readonly recognition: readonly RecognitionShare[];
  readonly invoices: readonly Invoice[];
}

/**
 * Billing days of a version from `from` to its serviceEnd: `from` itself (the modification bills at
 * once), then each billing day of the month (monthly in advance) or each anniversary of the service
 * start (annual upfront) after it.
 */
const billingDays = (terms: CompiledTerms, from: string): string[] => {
  const monthly = terms.billing.kind === 'monthly_in_advance';
  const anchor = monthly
    ? `${terms.serviceStart.slice(0, 8)}${String(terms.billing.billingDay).padStart(2, '0')}`
    : terms.serviceStart;
  const step = monthly ? 1 : 12;
  const days = [from];
  for (let k = 0; ; k++) {
    const day = addMonths(anchor, step * k);
    if (day >= terms.serviceEnd) break;
    if (day > from) days.push(day);
  }
  return days;
};

/**
 * Splits what is left to bill over the billing days from `from`: a whole billing period (a month, or a
 * year) weighs one, a shorter one its days over the days of the whole period it is part of, so that
 * the invoices of whole months are equal.
 */
const invoicesOf = (terms: CompiledTerms, from: string, toBill: Dec): Invoice[] => {
  const days = billingDays(terms, from);
  const step = terms.billing.kind === 'monthly_in_advance' ? 1 : 12;
  const weights = days.map((d, i) => {
    const next = days[i + 1];
    // Every billing day but `from` starts a whole period; a period cut short ends at serviceEnd.
    const whole = next === undefined ? daysBetween(d, addMonths(d, step)) : daysBetween(addMonths(next, -step), next);
    return new Dec(daysBetween(d, next ?? terms.serviceEnd)).div(whole);
  });
  const amounts = splitByWeights(toBill, weights, terms.minorUnit);
  return days.map((day, i) => ({ day, amount: amounts[i] ?? ZERO, version: terms.version }));
};

/** The part of a share before `stop`, as a share of its own (undefined when nothing of it is). */
const cut = (share: RecognitionShare, stop: string, minorUnit: number): RecognitionShare | undefined => {
  if (share.from >= stop) return undefined;
  if (share.to <= stop) return share;
  return { ...share, to: stop, amount: shareBefore(share, stop, minorUnit) };
};

/** Versions must come from compileHistory: in order, checked as a history. */
export const contractSchedule = (versions: readonly CompiledTerms[]): ContractSchedule => {
  const recognition: RecognitionShare[] = [];
  const invoices: Invoice[] = [];
  let recognized = ZERO;
  let billed = ZERO;
  for (const [i, terms] of versions.entries()) {
    if (terms.modification === 'cancellation') break;
    const from = terms.effectiveFrom;
    const stop = versions[i + 1]?.effectiveFrom ?? terms.serviceEnd;
    if (stop <= from) continue;
    const price = transactionPrice(terms).fixed;
    const pool = price.minus(recognized);
    if (pool.isNegative()) {
      throw new DomainError('TAI-REVENUE-BELOW-RECOGNIZED', {
        detail: `version ${terms.version}: fixed price ${price.toFixed()} < recognized ${recognized.toFixed()}`,
      });
    }
    for (const { obligationId, amount } of allocateFixed(terms, pool)) {
      const method = terms.ratable.find((o) => o.id === obligationId)?.method ?? 'daily';
      for (const share of recognize(amount, terms.minorUnit, from, terms.serviceEnd, method)) {
        const kept = cut({ ...share, obligationId, version: terms.version }, stop, terms.minorUnit);
        if (kept === undefined) continue;
        recognition.push(kept);
        recognized = recognized.plus(kept.amount);
      }
    }
    for (const invoice of invoicesOf(terms, from, price.minus(billed))) {
      if (invoice.day >= stop) continue;
      invoices.push(invoice);
      billed = billed.plus(invoice.amount);
    }
  }
  return { recognition, invoices };
};
