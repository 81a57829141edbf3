/**
 * A contract's revenue terms versions, checked as a history: numbered 1, 2, ... in order; version 1
 * takes effect on the first day of service; each later one is a modification (upgrade, downgrade,
 * extension or cancellation) of the same contract, taking effect inside the service period, never
 * before the one it modifies; nothing follows a cancellation. Versions are never edited.
 */
import { DomainError } from '../errors/domain-error.ts';
import { serviceMonths } from './methods.ts';
import type { CompiledTerms, RevenueTermsVersion } from './types.ts';
import { compileTerms } from './validate.ts';

const fail = (
  code: 'TAI-REVENUE-VERSION-ORDER' | 'TAI-REVENUE-VERSION-MISMATCH' | 'TAI-REVENUE-MODIFICATION-INVALID',
  v: number,
  detail: string,
): never => {
  throw new DomainError(code, { path: '/effectiveFrom', detail: `version ${v}: ${detail}` });
};

/** A monthly obligation's service months may only be cut where one ends. */
const checkMonthlyCut = (prev: CompiledTerms, at: string): void => {
  for (const o of prev.ratable) {
    if (o.method !== 'monthly') continue;
    const months = serviceMonths(prev.effectiveFrom, prev.serviceEnd);
    if (!months.some((m) => m.from === at)) {
      throw new DomainError('TAI-REVENUE-MONTHLY-PARTIAL', {
        path: '/effectiveFrom',
        detail: `${at} falls inside a service month of obligation ${o.id}`,
      });
    }
  }
};

const checkNext = (prev: CompiledTerms, next: CompiledTerms, first: CompiledTerms): void => {
  const v = next.version;
  if (next.version !== prev.version + 1) fail('TAI-REVENUE-VERSION-ORDER', v, 'versions must be numbered 1, 2, ...');
  if (prev.modification === 'cancellation') fail('TAI-REVENUE-MODIFICATION-INVALID', v, 'the contract was cancelled');
  if (next.modification === null) fail('TAI-REVENUE-MODIFICATION-INVALID', v, 'a later version names its modification');
  if (
    next.contractReference !== first.contractReference ||
    next.currency !== first.currency ||
    next.serviceStart !== first.serviceStart
  ) {
    fail('TAI-REVENUE-VERSION-MISMATCH', v, 'contract reference, currency and service start are kept');
  }
  if (next.effectiveFrom < prev.effectiveFrom || next.effectiveFrom >= prev.serviceEnd) {
    fail('TAI-REVENUE-VERSION-ORDER', v, `effectiveFrom must be in [${prev.effectiveFrom}, ${prev.serviceEnd})`);
  }
  if (next.modification === 'extension' && next.serviceEnd <= prev.serviceEnd) {
    fail('TAI-REVENUE-MODIFICATION-INVALID', v, 'an extension moves serviceEnd later');
  }
  checkMonthlyCut(prev, next.effectiveFrom);
};

/** Compiles and checks every version; returns them in version order. Throws the first TAI-REVENUE-* failure. */
export const compileHistory = (versions: readonly RevenueTermsVersion[]): CompiledTerms[] => {
  const compiled = [...versions].sort((a, b) => a.version - b.version).map((v) => compileTerms(v.version, v.document));
  const first = compiled[0];
  if (first === undefined) return compiled;
  if (first.version !== 1 || first.modification !== null || first.effectiveFrom !== first.serviceStart) {
    fail(
      'TAI-REVENUE-MODIFICATION-INVALID',
      first.version,
      'version 1 takes effect on serviceStart and modifies nothing',
    );
  }
  compiled.forEach((next, i) => {
    const prev = compiled[i - 1];
    if (prev !== undefined) checkNext(prev, next, first);
  });
  return compiled;
};
