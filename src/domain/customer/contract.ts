/** Semantic checks on a contract document, beyond its JSON shape, and its canonical digest. */
import { createHash } from 'node:crypto';
import { DomainError } from '../errors/domain-error.ts';
import { canonicalize } from '../shared/canonical-json.ts';
import type { ContractDocument } from './types.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONEY = /^\d+(\.\d{1,12})?$/;

const isCalendarDate = (s: string): boolean => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export const validateContract = (doc: ContractDocument, knownCurrency: (code: string) => boolean): void => {
  const fail = (path: string, detail: string): never => {
    throw new DomainError('TAI-CONTRACT-INVALID', { path, detail, message: `The contract is not valid: ${detail}.` });
  };
  if (!isCalendarDate(doc.startsOn)) fail('/startsOn', 'startsOn must be a calendar date YYYY-MM-DD');
  if (!isCalendarDate(doc.endsOn)) fail('/endsOn', 'endsOn must be a calendar date YYYY-MM-DD');
  if (doc.endsOn < doc.startsOn) fail('/endsOn', 'endsOn is before startsOn');
  if (!knownCurrency(doc.currency)) fail('/currency', `unknown ISO 4217 currency ${doc.currency}`);
  if (!MONEY.test(doc.monthlyFee)) fail('/monthlyFee', 'monthlyFee must be a non-negative decimal string');
  const seen = new Set<string>();
  doc.features.forEach((f, i) => {
    if (seen.has(f)) fail(`/features/${i}`, `feature ${f} is listed twice`);
    seen.add(f);
  });
};

/** SHA-256 (hex) of the RFC 8785 canonical bytes of the document: what the signature record binds. */
export const contractDigest = (doc: ContractDocument): string =>
  createHash('sha256').update(canonicalize(doc), 'utf8').digest('hex');
