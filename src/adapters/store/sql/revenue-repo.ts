/** The revenue ledger over SqlConn: terms versions and append-only entries (see migrations/010-revenue.ts). */
import type { RevenueEntry } from '../../../domain/revenue/types.ts';
import type { RevenueReader, RevenueScopeWriter, RevenueTermsRow } from '../ports/revenue.ts';
import type { SqlConn, SqlParam } from './conn.ts';
import { pageOf } from './page.ts';

interface TermsRow {
  customer_id: string;
  version: number;
  contract_reference: string;
  effective_from: string;
  document: string;
  recorded_at: string;
}

const toTerms = (r: TermsRow): RevenueTermsRow => ({
  customerId: r.customer_id,
  version: Number(r.version),
  contractReference: r.contract_reference,
  effectiveFrom: r.effective_from,
  document: JSON.parse(r.document) as unknown,
  recordedAt: r.recorded_at,
});

interface EntryRow {
  id: string;
  customer_id: string;
  terms_version: number;
  obligation_id: string | null;
  kind: RevenueEntry['kind'];
  period: string;
  service_period: string;
  occurred_on: string;
  booked_on: string;
  amount: string;
  currency: string;
  receipt_id: string | null;
  log_index: number | null;
  log_first: number | null;
  log_last: number | null;
  checkpoint_size: number | null;
  checkpoint_root: string | null;
  corrects: string | null;
  recorded_at: string;
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));

const toEntry = (r: EntryRow): RevenueEntry => ({
  id: r.id,
  customerId: r.customer_id,
  termsVersion: Number(r.terms_version),
  obligationId: r.obligation_id,
  kind: r.kind,
  period: r.period,
  servicePeriod: r.service_period,
  occurredOn: r.occurred_on,
  bookedOn: r.booked_on,
  amount: r.amount,
  currency: r.currency,
  receiptId: r.receipt_id,
  logIndex: num(r.log_index),
  logFirst: num(r.log_first),
  logLast: num(r.log_last),
  checkpointSize: num(r.checkpoint_size),
  checkpointRoot: r.checkpoint_root,
  corrects: r.corrects,
  recordedAt: r.recorded_at,
});

const INSERT_ENTRY = `INSERT INTO revenue_entries (id, customer_id, terms_version, obligation_id, kind, period, service_period,
  occurred_on, booked_on, amount, currency, receipt_id, log_index, log_first, log_last, checkpoint_size, checkpoint_root,
  corrects, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const entryParams = (e: RevenueEntry): SqlParam[] => [
  e.id,
  e.customerId,
  e.termsVersion,
  e.obligationId,
  e.kind,
  e.period,
  e.servicePeriod,
  e.occurredOn,
  e.bookedOn,
  e.amount,
  e.currency,
  e.receiptId,
  e.logIndex,
  e.logFirst,
  e.logLast,
  e.checkpointSize,
  e.checkpointRoot,
  e.corrects,
  e.recordedAt,
];

export const revenueScoped = (db: SqlConn, customerId: string): RevenueScopeWriter => ({
  async revenueTerms() {
    const rows = await db.all<TermsRow>('SELECT * FROM contract_revenue_terms WHERE customer_id = ? ORDER BY version', [
      customerId,
    ]);
    return rows.map(toTerms);
  },
  async revenueEntries() {
    const rows = await db.all<EntryRow>('SELECT * FROM revenue_entries WHERE customer_id = ? ORDER BY id', [
      customerId,
    ]);
    return rows.map(toEntry);
  },
  async insertRevenueTerms(contractReference, effectiveFrom, document, at) {
    await db.lock(`customer:${customerId}`);
    const last = await db.get<{ v: number | null }>(
      'SELECT MAX(version) AS v FROM contract_revenue_terms WHERE customer_id = ?',
      [customerId],
    );
    const version = Number(last?.v ?? 0) + 1;
    await db.run(
      'INSERT INTO contract_revenue_terms (customer_id, version, contract_reference, effective_from, document, recorded_at) VALUES (?, ?, ?, ?, ?, ?)',
      [customerId, version, contractReference, effectiveFrom, JSON.stringify(document), at],
    );
    return version;
  },
  async appendRevenueEntries(entries) {
    for (const e of entries) {
      if (e.customerId !== customerId) throw new Error(`revenue entry ${e.id} is not customer ${customerId}'s`);
      await db.run(INSERT_ENTRY, entryParams(e));
    }
  },
});

export const revenueGlobal = (db: SqlConn): RevenueReader => ({
  async revenueCustomers(page) {
    const rows = await db.all<{ customer_id: string }>(
      `SELECT DISTINCT customer_id FROM contract_revenue_terms WHERE customer_id > ? ORDER BY customer_id LIMIT ?`,
      [page.after ?? '', page.limit + 1],
    );
    return pageOf(
      rows,
      page,
      (r) => r.customer_id,
      (id) => id,
    );
  },
  async revenueEntriesThrough(period, page) {
    const rows = await db.all<EntryRow>(
      'SELECT * FROM revenue_entries WHERE id > ? AND period <= ? ORDER BY id LIMIT ?',
      [page.after ?? '', period, page.limit + 1],
    );
    return pageOf(rows, page, toEntry, (e) => e.id);
  },
});
