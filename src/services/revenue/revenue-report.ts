/**
 * The monthly revenue report over every customer (recognized and deferred per month, per customer and in
 * total), and the journal of the entries booked in those months as CSV for the accounting system.
 */
import { DomainError } from '../../domain/errors/domain-error.ts';
import { journalCsv, journalLines } from '../../domain/revenue/journal.ts';
import { revenueReport } from '../../domain/revenue/report.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MAX_MONTHS = 120;

interface ReportRange {
  readonly from: string;
  readonly to: string;
}

const checkReportRange = (input: ReportRange): ReportRange => {
  const a = MONTH.exec(input.from);
  const b = MONTH.exec(input.to);
  if (a === null || b === null || input.from > input.to) {
    throw new DomainError('TAI-REVENUE-MONTH-INVALID', { path: a === null ? '/from' : '/to' });
  }
  const months = (Number(b[1]) - Number(a[1])) * 12 + Number(b[2]) - Number(a[2]) + 1;
  if (months > MAX_MONTHS)
    throw new DomainError('TAI-REVENUE-MONTH-INVALID', { path: '/to', detail: `${months} months` });
  return input;
};

export const revenueReportOf = async ({
  ctx,
  input,
}: VerbArgs<ReportRange>): Promise<ReturnType<typeof revenueReport>> => {
  await requireAdmin(ctx);
  const { from, to } = checkReportRange(input);
  const rows = await ctx.store.read((r) => r.revenueReportRows(to));
  return revenueReport(rows, from, to);
};

const JOURNAL_PAGE = 5000;

/** The journal lines (CSV) of every entry booked in [from, to], in entry order. */
export const revenueJournalCsv = async ({
  ctx,
  input,
}: VerbArgs<ReportRange & { readonly onProgress?: (entries: number) => void }>): Promise<string> => {
  await requireAdmin(ctx);
  const { from, to } = checkReportRange(input);
  const lines = [];
  let after: string | undefined;
  let seen = 0;
  for (;;) {
    const page = await ctx.store.read((r) => r.revenueEntriesThrough(to, { limit: JOURNAL_PAGE, after }));
    for (const e of page.items) if (e.period >= from) lines.push(...journalLines(e));
    seen += page.items.length;
    input.onProgress?.(seen);
    if (page.next === null) break;
    after = page.next;
  }
  return journalCsv(lines);
};
