/**
 * Indexes that match how listings, deployments and the catalog are paged: by id (time-sortable), per
 * customer, or over public listings only. The indexes of 005 were keyed by created_at and state, so every
 * page sorted all of a customer's rows first (a temporary B-tree, linear in their number). The catalog's
 * index is partial: private and unlisted listings, most of them, no longer pay for it on insert.
 */
import type { Migration } from './index.ts';

export const m007PagingIndexes: Migration = {
  version: 7,
  name: 'paging-indexes',
  sql: `
DROP INDEX listings_customer;
DROP INDEX listings_public;
DROP INDEX deployments_customer;
CREATE INDEX listings_customer ON listings (customer_id, id);
CREATE INDEX listings_public ON listings (id) WHERE visibility = 'public';
CREATE INDEX deployments_customer ON deployments (customer_id, id);
`,
};
