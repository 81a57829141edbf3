/**
 * Journal lines for the accounting system, and their CSV (RFC 4180). Billing: debit accounts
 * receivable, credit deferred revenue. Recognition: debit deferred revenue, credit revenue. A usage
 * entry is billed and recognized at once, so it has both pairs. A negative amount (a correction or a
 * credit) swaps each pair's sides, so every line's amount is positive.
 */
import type { RevenueEntry } from './types.ts';

interface ChartOfAccounts {
  readonly receivable: string;
  readonly deferred: string;
  readonly revenue: string;
}

const DEFAULT_ACCOUNTS: ChartOfAccounts = {
  receivable: 'accounts_receivable',
  deferred: 'deferred_revenue',
  revenue: 'revenue',
};

interface JournalLine {
  readonly entryId: string;
  readonly bookedOn: string;
  readonly period: string;
  readonly customerId: string;
  readonly account: string;
  readonly debit: string;
  readonly credit: string;
  readonly currency: string;
  readonly obligationId: string;
  readonly kind: string;
  readonly corrects: string;
  /** The receipt id, or the log range and checkpoint size of a recognized month. */
  readonly evidence: string;
}

const evidenceOf = (e: RevenueEntry): string => {
  if (e.receiptId !== null) return `receipt ${e.receiptId} at ${e.logIndex ?? '?'}`;
  if (e.logFirst !== null || e.checkpointSize !== null) {
    return `log ${e.logFirst ?? '-'}..${e.logLast ?? '-'}; checkpoint ${e.checkpointSize ?? '-'} ${e.checkpointRoot ?? ''}`.trim();
  }
  return '';
};

export const journalLines = (entry: RevenueEntry, accounts: ChartOfAccounts = DEFAULT_ACCOUNTS): JournalLine[] => {
  const negative = entry.amount.startsWith('-');
  const text = negative ? entry.amount.slice(1) : entry.amount;
  const pairs: [string, string][] = [];
  if (entry.kind !== 'recognition') pairs.push([accounts.receivable, accounts.deferred]);
  if (entry.kind !== 'billing') pairs.push([accounts.deferred, accounts.revenue]);
  const base = {
    entryId: entry.id,
    bookedOn: entry.bookedOn,
    period: entry.period,
    customerId: entry.customerId,
    currency: entry.currency,
    obligationId: entry.obligationId ?? '',
    kind: entry.kind,
    corrects: entry.corrects ?? '',
    evidence: evidenceOf(entry),
  };
  return pairs.flatMap(([debit, credit]) => {
    const [dr, cr] = negative ? [credit, debit] : [debit, credit];
    return [
      { ...base, account: dr, debit: text, credit: '' },
      { ...base, account: cr, debit: '', credit: text },
    ];
  });
};

const COLUMNS: readonly (keyof JournalLine)[] = [
  'entryId',
  'bookedOn',
  'period',
  'customerId',
  'account',
  'debit',
  'credit',
  'currency',
  'obligationId',
  'kind',
  'corrects',
  'evidence',
];

/** RFC 4180: a field holding a comma, a double quote, CR or LF is quoted, its quotes doubled; lines end in CRLF. */
export const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

export const journalCsv = (lines: Iterable<JournalLine>): string => {
  let out = `${COLUMNS.join(',')}\r\n`;
  for (const line of lines) out += `${COLUMNS.map((c) => csvField(line[c])).join(',')}\r\n`;
  return out;
};
