/** The recognition calculator: a schedule for an amount, a currency, a period and a method, checked as terms are. */
import { DomainError } from '../errors/domain-error.ts';
import { formatMoney } from '../pricing/decimal.ts';
import { recognize } from './methods.ts';
import { minorUnitFor, parseAmount, parseRevenueDay } from './parse.ts';
import { RECOGNITION_METHODS, type RecognitionMethod } from './types.ts';

interface PreviewRequest {
  readonly amount: string;
  readonly currency: string;
  readonly start: string;
  readonly end: string;
  readonly method: string;
}

interface Preview {
  readonly periods: readonly { readonly period: string; readonly amount: string }[];
  readonly total: string;
}

const isMethod = (m: string): m is RecognitionMethod => (RECOGNITION_METHODS as readonly string[]).includes(m);

export const previewSchedule = (req: PreviewRequest): Preview => {
  const minor = minorUnitFor(req.currency);
  const amount = parseAmount(req.amount, '/amount', minor);
  const start = parseRevenueDay(req.start, '/start');
  const end = parseRevenueDay(req.end, '/end');
  if (!isMethod(req.method)) throw new DomainError('TAI-REVENUE-TERMS-INVALID', { path: '/method' });
  if (end <= start) throw new DomainError('TAI-REVENUE-PERIOD-EMPTY', { path: '/end' });
  const shares = recognize(amount, minor, start, end, req.method);
  return {
    periods: shares.map((s) => ({ period: s.period, amount: formatMoney(s.amount, minor) })),
    total: formatMoney(amount, minor),
  };
};
