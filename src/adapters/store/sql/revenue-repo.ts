/** The revenue ledger over SqlConn: terms versions and append-only entries (see migrations/010-revenue.ts). */
import { minorUnitOf } from '../../../domain/pricing/currencies.ts';
import type { RevenueEntry, UsageMeter } from '../../../domain/revenue/types.ts';
import { unitsText } from '../../../domain/revenue/units.ts';
import { firstDayOf, instantOf } from '../../../domain/revenue/days.ts';
import type {
  CloseWindow,
  CustomerHolding,
  CustomerOperation,
  RevenueCloseWrites,
  RevenueReader,
  RevenueReportRow,
  RevenueScopeWriter,
  RevenueTermsRow,
} from '../ports/revenue.ts';
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
  meter: UsageMeter | null;
}

type HeldRow = Pick<
  EntryRow,
  | 'id'
  | 'customer_id'
  | 'terms_version'
  | 'obligation_id'
  | 'kind'
  | 'period'
  | 'service_period'
  | 'occurred_on'
  | 'amount'
  | 'receipt_id'
  | 'log_index'
  | 'corrects'
  | 'meter'
>;

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
  meter: r.meter ?? null,
});

const INSERT_ENTRY = `INSERT INTO revenue_entries (id, customer_id, terms_version, obligation_id, kind, period, service_period,
  occurred_on, booked_on, amount, currency, receipt_id, log_index, log_first, log_last, checkpoint_size, checkpoint_root,
  corrects, recorded_at, meter) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

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
  e.meter,
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
  async revenueEntryCount(period) {
    const r = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM revenue_entries WHERE period <= ?', [period]);
    return Number(r?.n ?? 0);
  },
  async revenueClosedPeriod() {
    const r = await db.get<{ period: string; closed_at: string; actor: string }>(
      'SELECT period, closed_at, actor FROM revenue_closed_periods ORDER BY period DESC LIMIT 1',
    );
    return r === undefined ? null : { period: r.period, closedAt: r.closed_at, actor: r.actor };
  },
  async revenueLastClosedDay() {
    const r = await db.get<{ d: string | null }>('SELECT MAX(day) AS d FROM revenue_day_closes');
    return r?.d ?? null;
  },
  async revenueReportRows(period) {
    // Summed in the database, in minor units: every amount is written at its currency's scale with exactly
    // that many decimals (unitsText), so dropping the point gives the exact integer count of minor units.
    const int = db.dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
    const rows = await db.all<{
      customer_id: string;
      period: string;
      kind: RevenueEntry['kind'];
      currency: string;
      units: string | number;
    }>(
      `SELECT customer_id, period, kind, currency, SUM(CAST(REPLACE(amount, '.', '') AS ${int})) AS units
       FROM revenue_entries WHERE period <= ? GROUP BY customer_id, period, kind, currency`,
      [period],
    );
    return rows.map((r): RevenueReportRow => ({
      customerId: r.customer_id,
      period: r.period,
      kind: r.kind,
      amount: unitsText(BigInt(r.units), minorUnitOf(r.currency) ?? 2),
      currency: r.currency,
    }));
  },
});

/** Rows per multi-row INSERT: 20 parameters each stays far below both databases' parameter limits. */
const INSERT_CHUNK = 500;
const ROW_PLACEHOLDERS = `(${Array.from({ length: 20 }, () => '?').join(', ')})`;
const insertMany = (n: number): string =>
  `${INSERT_ENTRY.slice(0, INSERT_ENTRY.indexOf('VALUES'))}VALUES ${Array.from({ length: n }, () => ROW_PLACEHOLDERS).join(', ')}`;

interface OperationRow {
  customer_id: string;
  log_index: number;
  id: string;
  kind: 'publish' | 'deploy';
  issued_at: string;
}

interface HoldingRow {
  customer_id: string;
  capacity_units: number;
  id: string;
  log_index: number;
  issued_at: string;
  ended_at: string | null;
}

/**
 * ` AND (cond OR customer in the window's whole list)` with its parameters, or nothing without a window:
 * the window's customers read in part, its whole ones in full, in one query.
 */
const inWindow = (
  window: CloseWindow | undefined,
  customerColumn: string,
  cond: string,
  params: (window: CloseWindow) => readonly SqlParam[],
): { readonly sql: string; readonly params: readonly SqlParam[] } => {
  if (window === undefined) return { sql: '', params: [] };
  const whole = window.whole.length === 0 ? '' : ` OR ${customerColumn} IN (${window.whole.map(() => '?').join(', ')})`;
  return { sql: ` AND (${cond}${whole})`, params: [...params(window), ...window.whole] };
};

export const revenueCloseWrites = (db: SqlConn): RevenueCloseWrites => ({
  lockRevenueClose: () => db.lock('revenue:close'),
  async revenueTermsIn(first, last) {
    const rows = await db.all<TermsRow>(
      'SELECT * FROM contract_revenue_terms WHERE customer_id >= ? AND customer_id <= ? ORDER BY customer_id, version',
      [first, last],
    );
    return rows.map(toTerms);
  },
  async revenueEntriesIn(first, last, window) {
    // Only the planner's columns.
    const w = inWindow(window, 'customer_id', 'service_period >= ? OR period > ?', (w) => [w.from, w.bookedAfter]);
    const rows = await db.all<HeldRow>(
      `SELECT id, customer_id, terms_version, obligation_id, kind, period, service_period, occurred_on, amount,
         receipt_id, log_index, corrects, meter
       FROM revenue_entries WHERE customer_id >= ? AND customer_id <= ?${w.sql} ORDER BY customer_id, id`,
      [first, last, ...w.params],
    );
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      termsVersion: Number(r.terms_version),
      obligationId: r.obligation_id,
      kind: r.kind,
      period: r.period,
      servicePeriod: r.service_period,
      occurredOn: r.occurred_on,
      amount: r.amount,
      receiptId: r.receipt_id,
      logIndex: num(r.log_index),
      corrects: r.corrects,
      meter: r.meter ?? null,
    }));
  },
  async meteredOperationsIn(first, last, before, window) {
    const w = inWindow(window, 'customer_id', 'issued_at >= ?', (w) => [instantOf(firstDayOf(w.from))]);
    const rows = await db.all<OperationRow>(
      `SELECT customer_id, log_index, id, kind, issued_at FROM receipts
       WHERE customer_id >= ? AND customer_id <= ? AND kind IN ('publish', 'deploy') AND issued_at < ?${w.sql}
       ORDER BY customer_id, log_index`,
      [first, last, before, ...w.params],
    );
    return rows.map((r): CustomerOperation => ({
      customerId: r.customer_id,
      receiptId: r.id,
      logIndex: Number(r.log_index),
      kind: r.kind,
      issuedAt: r.issued_at,
      units: '1',
    }));
  },
  async capacityHoldingsIn(first, last, before, window) {
    // A deployment's receipts are a JSON array of ids in issue order: the deploy receipt first and, once it
    // has stopped holding capacity (failed, rolled back, removed), the receipt that ended it last. Ordered
    // by customer only (its index's order): the planner puts unit-days in day order itself.
    const at = (i: string): string =>
      db.dialect === 'postgres'
        ? `(d.receipts::jsonb ->> ${i})`
        : `json_extract(d.receipts, '$[${i === '-1' ? '#-1' : i}]')`;
    const w = inWindow(window, 'd.customer_id', 'e.issued_at IS NULL OR e.issued_at >= ?', (w) => [
      instantOf(firstDayOf(w.from)),
    ]);
    const rows = await db.all<HoldingRow>(
      `SELECT d.customer_id, d.capacity_units, r.id, r.log_index, r.issued_at, e.issued_at AS ended_at
       FROM deployments d
       JOIN receipts r ON r.id = ${at('0')} AND r.customer_id = d.customer_id AND r.kind = 'deploy'
       LEFT JOIN receipts e ON d.state IN ('failed', 'rolled_back', 'removed') AND e.id = ${at('-1')}
         AND e.customer_id = d.customer_id
       WHERE d.customer_id >= ? AND d.customer_id <= ? AND r.issued_at < ?${w.sql}
       ORDER BY d.customer_id`,
      [first, last, before, ...w.params],
    );
    return rows.map((r): CustomerHolding => ({
      customerId: r.customer_id,
      receiptId: r.id,
      logIndex: Number(r.log_index),
      issuedAt: r.issued_at,
      units: Number(r.capacity_units),
      endedAt: r.ended_at,
    }));
  },
  async logEvidence(customerId, from, to) {
    const range = await db.get<{ f: number | null; l: number | null }>(
      'SELECT MIN(log_index) AS f, MAX(log_index) AS l FROM receipts WHERE customer_id = ? AND issued_at >= ? AND issued_at < ?',
      [customerId, from, to],
    );
    const before = await db.get<{ m: number | null }>(
      'SELECT MAX(log_index) AS m FROM receipts WHERE customer_id = ? AND issued_at < ?',
      [customerId, to],
    );
    const size = before?.m == null ? 0 : Number(before.m) + 1;
    const cp =
      size === 0
        ? undefined
        : await db.get<{ tree_size: number; root_hash: string }>(
            'SELECT tree_size, root_hash FROM checkpoints WHERE customer_id = ? AND tree_size >= ? ORDER BY tree_size LIMIT 1',
            [customerId, size],
          );
    return {
      logFirst: num(range?.f ?? null),
      logLast: num(range?.l ?? null),
      checkpointSize: cp === undefined ? null : Number(cp.tree_size),
      checkpointRoot: cp?.root_hash ?? null,
    };
  },
  async revenueCloseMarksIn(first, last) {
    const rows = await db.all<{ customer_id: string; through_day: string; terms_versions: number }>(
      'SELECT * FROM revenue_close_marks WHERE customer_id >= ? AND customer_id <= ? ORDER BY customer_id',
      [first, last],
    );
    return rows.map((r) => ({
      customerId: r.customer_id,
      throughDay: r.through_day,
      termsVersions: Number(r.terms_versions),
    }));
  },
  async setRevenueCloseMarks(marks) {
    for (let i = 0; i < marks.length; i += INSERT_CHUNK) {
      const chunk = marks.slice(i, i + INSERT_CHUNK);
      await db.run(
        `INSERT INTO revenue_close_marks (customer_id, through_day, terms_versions)
         VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}
         ON CONFLICT (customer_id) DO UPDATE SET through_day = excluded.through_day,
           terms_versions = excluded.terms_versions`,
        chunk.flatMap((m) => [m.customerId, m.throughDay, m.termsVersions]),
      );
    }
  },
  async recordRevenueDayClosed(day, at) {
    await db.run('INSERT INTO revenue_day_closes (day, closed_at) VALUES (?, ?) ON CONFLICT (day) DO NOTHING', [
      day,
      at,
    ]);
  },
  async appendClosedPeriod(row) {
    await db.run('INSERT INTO revenue_closed_periods (period, closed_at, actor) VALUES (?, ?, ?)', [
      row.period,
      row.closedAt,
      row.actor,
    ]);
  },
  async appendRevenueEntriesBulk(entries) {
    for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
      const chunk = entries.slice(i, i + INSERT_CHUNK);
      await db.run(insertMany(chunk.length), chunk.flatMap(entryParams));
    }
  },
});
