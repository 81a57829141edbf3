/**
 * When recovery left an orphaned deployment for an operator (TAI_ORPHANED_DEPLOYMENTS=operator): it stays
 * reserved or running, holding its capacity, until POST /v1/admin/deployments/{id}/resolve. Null otherwise.
 */
import type { Migration } from './index.ts';

export const m017OrphanedDeployments: Migration = {
  version: 17,
  name: 'orphaned-deployments',
  sql: 'ALTER TABLE deployments ADD COLUMN orphaned_at TEXT;',
};
