/**
 * compileTerms: the structure of one revenue terms document (TypeBox), then its meaning (currency,
 * days, amounts, obligations, billing day, monthly periods), each failure a DomainError with its
 * TAI-REVENUE-* code and the JSON pointer at fault; on success its decimal form.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DomainError } from '../errors/domain-error.ts';
import { FINE_SCALE, ZERO } from '../pricing/decimal.ts';
import { serviceMonths } from './methods.ts';
import { minorUnitFor, parseAmount, parseRevenueDay } from './parse.ts';
import { RevenueTermsSchema } from './schema.ts';
import { decUnits } from './units.ts';
import type { CompiledRatable, CompiledTerms, CompiledUsage, RevenueTermsDocument } from './types.ts';

const structure = TypeCompiler.Compile(RevenueTermsSchema);

const checkStructure = (input: unknown): RevenueTermsDocument => {
  if (structure.Check(input)) return input;
  const first = structure.Errors(input).First();
  throw new DomainError('TAI-REVENUE-TERMS-INVALID', {
    path: first?.path === '' ? '/' : (first?.path ?? '/'),
    detail: first?.message ?? 'schema mismatch',
  });
};

/** Checks one version's document on its own; the history's rules (order, modifications) are in history.ts. */
export const compileTerms = (version: number, input: unknown): CompiledTerms => {
  const doc = checkStructure(input);
  const minorUnit = minorUnitFor(doc.currency);
  const serviceStart = parseRevenueDay(doc.serviceStart, '/serviceStart');
  const serviceEnd = parseRevenueDay(doc.serviceEnd, '/serviceEnd');
  const effectiveFrom = parseRevenueDay(doc.effectiveFrom, '/effectiveFrom');
  if (serviceEnd <= serviceStart) throw new DomainError('TAI-REVENUE-PERIOD-EMPTY', { path: '/serviceEnd' });
  if (doc.billing.kind === 'monthly_in_advance' && (doc.billing.billingDay < 1 || doc.billing.billingDay > 28)) {
    throw new DomainError('TAI-REVENUE-BILLING-DAY-RANGE', { path: '/billing/billingDay' });
  }
  if (doc.obligations.length === 0) throw new DomainError('TAI-REVENUE-NO-OBLIGATIONS', { path: '/obligations' });

  const seen = new Set<string>();
  const ratable: CompiledRatable[] = [];
  const usage: CompiledUsage[] = [];
  doc.obligations.forEach((o, i) => {
    const path = `/obligations/${i}`;
    // A meter may be priced once: two prices for one receipt would make its usage entry ambiguous.
    const key = o.kind === 'usage' ? `meter:${o.meter}` : '';
    if (seen.has(o.id) || seen.has(key)) throw new DomainError('TAI-REVENUE-OBLIGATION-DUPLICATE', { path });
    seen.add(o.id);
    if (key !== '') seen.add(key);
    if (o.kind === 'usage') {
      const includedPerMonth = parseAmount(o.includedPerMonth, `${path}/includedPerMonth`);
      const unitPrice = parseAmount(o.unitPrice, `${path}/unitPrice`);
      usage.push({
        id: o.id,
        meter: o.meter,
        includedPerMonth,
        unitPrice,
        includedUnits: decUnits(includedPerMonth, FINE_SCALE),
        unitPriceUnits: decUnits(unitPrice, FINE_SCALE),
        expectedUnits: o.expectedUnits === undefined ? ZERO : parseAmount(o.expectedUnits, `${path}/expectedUnits`),
        inTransactionPrice: o.inTransactionPrice ?? false,
      });
      return;
    }
    if (o.method === 'monthly' && effectiveFrom < serviceEnd) {
      try {
        serviceMonths(effectiveFrom, serviceEnd);
      } catch (e) {
        throw new DomainError('TAI-REVENUE-MONTHLY-PARTIAL', { path: `${path}/method`, cause: e });
      }
    }
    ratable.push({
      id: o.id,
      kind: o.kind,
      price: parseAmount(o.price, `${path}/price`, minorUnit),
      ssp: parseAmount(o.standaloneSellingPrice, `${path}/standaloneSellingPrice`, minorUnit),
      method: o.method,
    });
  });
  const priced = ratable.some((o) => o.price.isPositive());
  if (priced && ratable.every((o) => o.ssp.isZero())) {
    throw new DomainError('TAI-REVENUE-SSP-ZERO', { path: '/obligations' });
  }
  return {
    version,
    contractReference: doc.contractReference,
    currency: doc.currency,
    minorUnit,
    serviceStart,
    serviceEnd,
    effectiveFrom,
    modification: doc.modification ?? null,
    billing: doc.billing,
    ratable,
    usage,
  };
};
