/**
 * How far the daily close has brought each customer's revenue ledger: the last day it planned and how many
 * terms versions the customer had then. Written in the same transaction as the entries that close appended,
 * so a mark never claims more than the ledger holds. A close of that day or a later one, with no terms
 * version recorded since, plans only the service months from the mark's on (planFrom in
 * domain/revenue/close.ts). A state table, not a ledger: each close replaces the customer's row. Without a
 * row (a ledger from before this migration, a new customer) the close plans the whole history, as before.
 */
import type { Migration } from './index.ts';

export const m019RevenueCloseMarks: Migration = {
  version: 19,
  name: 'revenue-close-marks',
  sql: `
CREATE TABLE revenue_close_marks (
  customer_id TEXT PRIMARY KEY REFERENCES customers(id),
  through_day TEXT NOT NULL,
  terms_versions INTEGER NOT NULL
);
`,
};
