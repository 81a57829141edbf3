/** Revenue recognition (ASC 606) from contract terms: the public face of the pure model. No I/O, no clock. */
export type {
  BillingTerms,
  EntryKind,
  ObligationTerms,
  PeriodEvidence,
  ReceiptedOperation,
  RecognitionMethod,
  RevenueEntry,
  RevenueEntryDraft,
  RevenueTermsDocument,
  RevenueTermsVersion,
} from './types.ts';
export { RevenueTermsSchema } from './schema.ts';
export { compileTerms } from './validate.ts';
export { compileHistory } from './history.ts';
export { recognize } from './methods.ts';
export { allocateFixed, transactionPrice } from './allocation.ts';
export { contractSchedule } from './schedule.ts';
export { usageLines } from './usage.ts';
export { expectedLines } from './expected.ts';
export { planClose, openPeriod, type CloseInput } from './close.ts';
export { waterfall, type WaterfallRow } from './waterfall.ts';
export { revenueReport, type ReportRow } from './report.ts';
export { journalCsv, journalLines, DEFAULT_ACCOUNTS, type ChartOfAccounts, type JournalLine } from './journal.ts';
export { previewSchedule, type Preview, type PreviewRequest } from './preview.ts';
