/** Listings, deployments, the frozen pricing versions they rest on, and the public catalog, over SqlConn. */
import type { Deployment, DeploymentState } from '../../../domain/deployment/types.ts';
import type { UsageDelta } from '../../../domain/effects/types.ts';
import type { Listing } from '../../../domain/listing/types.ts';
import type { CatalogEntry, Page, PageQuery } from '../interface.ts';
import type { SqlConn } from './conn.ts';
import { pageOf } from './page.ts';

interface ListingRow {
  id: string;
  customer_id: string;
  pricing_version: number;
  segment: string;
  visibility: Listing['visibility'];
  authority: Listing['authority'];
  insurance: string | null;
  receipt_id: string;
  created_at: string;
}

const toListing = (r: ListingRow): Listing => ({
  id: r.id,
  customerId: r.customer_id,
  pricingVersion: Number(r.pricing_version),
  segment: r.segment,
  visibility: r.visibility,
  authority: r.authority,
  insurance: r.insurance === null ? null : (JSON.parse(r.insurance) as Listing['insurance']),
  receiptId: r.receipt_id,
  createdAt: r.created_at,
});

export interface DeploymentRow {
  id: string;
  customer_id: string;
  contract_reference: string;
  target: string;
  capacity_units: number;
  artifact: string;
  parameters: string;
  state: DeploymentState;
  authority: Deployment['authority'];
  insurance: string | null;
  outcome: string | null;
  receipts: string;
  orphaned_at: string | null;
  created_at: string;
  updated_at: string;
}

export const toDeployment = (r: DeploymentRow): Deployment => ({
  id: r.id,
  customerId: r.customer_id,
  contractReference: r.contract_reference,
  target: r.target,
  capacityUnits: Number(r.capacity_units),
  artifact: r.artifact,
  parameters: JSON.parse(r.parameters) as Deployment['parameters'],
  state: r.state,
  authority: r.authority,
  insurance: r.insurance === null ? null : (JSON.parse(r.insurance) as Deployment['insurance']),
  outcome: r.outcome === null ? null : (JSON.parse(r.outcome) as Deployment['outcome']),
  receipts: JSON.parse(r.receipts) as string[],
  orphanedAt: r.orphaned_at ?? null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Adds to (or, with negative numbers, takes from) the customer's usage row, creating it on first use. */
const adjustUsage = async (db: SqlConn, customerId: string, { count, units }: UsageDelta): Promise<void> => {
  if (count === 0 && units === 0) return;
  await (count > 0
    ? db.run(
        `INSERT INTO deployment_usage (customer_id, active_count, active_units) VALUES (?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET active_count = deployment_usage.active_count + excluded.active_count,
           active_units = deployment_usage.active_units + excluded.active_units`,
        [customerId, count, units],
      )
    : db.run(
        'UPDATE deployment_usage SET active_count = active_count + ?, active_units = active_units + ? WHERE customer_id = ?',
        [count, units, customerId],
      ));
};

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * The paging statements, exported so a test can check each is served by an index in id order (no sort).
 * Per customer: parameters (customerId[, after], limit). Catalog: ([after,] limit).
 */
export const pagingSql = {
  customerRows: (table: 'listings' | 'deployments', after: boolean): string =>
    `SELECT * FROM ${table} WHERE customer_id = ?${after ? ' AND id > ?' : ''} ORDER BY id LIMIT ?`,
  catalog: (after: boolean): string =>
    `SELECT l.id, c.name, l.segment, l.pricing_version, p.document, l.insurance, l.created_at
      FROM listings l JOIN customers c ON c.id = l.customer_id
      JOIN pricing_versions p ON p.customer_id = l.customer_id AND p.version = l.pricing_version
      WHERE l.visibility = 'public'${after ? ' AND l.id < ?' : ''} ORDER BY l.id DESC LIMIT ?`,
};

/** Pages by id (time-sortable), oldest first. */
const paged = async <R, T extends { id: string }>(
  db: SqlConn,
  table: 'listings' | 'deployments',
  customerId: string,
  page: PageQuery,
  map: (r: R) => T,
): Promise<Page<T>> => {
  const rows = await db.all<R>(
    pagingSql.customerRows(table, Boolean(page.after)),
    page.after ? [customerId, page.after, page.limit + 1] : [customerId, page.limit + 1],
  );
  return pageOf(rows, page, map, (item) => item.id);
};

export const operationsScoped = (db: SqlConn, customerId: string) => ({
  listings: (page: PageQuery) => paged<ListingRow, Listing>(db, 'listings', customerId, page, toListing),
  deployments: (page: PageQuery) => paged<DeploymentRow, Deployment>(db, 'deployments', customerId, page, toDeployment),
  async deployment(id: string): Promise<Deployment | undefined> {
    const r = await db.get<DeploymentRow>('SELECT * FROM deployments WHERE customer_id = ? AND id = ?', [
      customerId,
      id,
    ]);
    return r && toDeployment(r);
  },
  async activeDeploymentUsage(): Promise<{ count: number; capacityUnits: number }> {
    const r = await db.get<{ active_count: number; active_units: number }>(
      'SELECT active_count, active_units FROM deployment_usage WHERE customer_id = ?',
      [customerId],
    );
    return { count: Number(r?.active_count ?? 0), capacityUnits: Number(r?.active_units ?? 0) };
  },
  async freezePricingVersion(version: number, at: string): Promise<void> {
    await db.run(
      'UPDATE pricing_versions SET frozen_at = ? WHERE customer_id = ? AND version = ? AND frozen_at IS NULL',
      [at, customerId, version],
    );
  },
  async insertListing(l: Listing): Promise<void> {
    await db.run(
      'INSERT INTO listings (id, customer_id, pricing_version, segment, visibility, authority, insurance, receipt_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        l.id,
        customerId,
        l.pricingVersion,
        l.segment,
        l.visibility,
        l.authority,
        json(l.insurance),
        l.receiptId,
        l.createdAt,
      ],
    );
  },
  async insertDeployment(d: Deployment, usage: UsageDelta): Promise<void> {
    await adjustUsage(db, customerId, usage);
    await db.run(
      `INSERT INTO deployments (id, customer_id, contract_reference, target, capacity_units, artifact, parameters, state, authority, insurance, outcome, receipts, orphaned_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        d.id,
        customerId,
        d.contractReference,
        d.target,
        d.capacityUnits,
        d.artifact,
        JSON.stringify(d.parameters),
        d.state,
        d.authority,
        json(d.insurance),
        json(d.outcome),
        JSON.stringify(d.receipts),
        d.orphanedAt,
        d.createdAt,
        d.updatedAt,
      ],
    );
  },
  async updateDeployment(d: Deployment, from: DeploymentState, usage: UsageDelta): Promise<boolean> {
    const changed = await db.run(
      'UPDATE deployments SET state = ?, outcome = ?, receipts = ?, orphaned_at = ?, updated_at = ? WHERE customer_id = ? AND id = ? AND state = ?',
      [d.state, json(d.outcome), JSON.stringify(d.receipts), d.orphanedAt, d.updatedAt, customerId, d.id, from],
    );
    if (changed > 0) await adjustUsage(db, customerId, usage);
    return changed > 0;
  },
});

interface CatalogRow {
  id: string;
  name: string;
  segment: string;
  pricing_version: number;
  document: string;
  insurance: string | null;
  created_at: string;
}

export const operationsGlobal = (db: SqlConn) => ({
  async catalog(page: PageQuery): Promise<Page<CatalogEntry>> {
    const rows = await db.all<CatalogRow>(
      pagingSql.catalog(Boolean(page.after)),
      page.after ? [page.after, page.limit + 1] : [page.limit + 1],
    );
    const entry = (r: CatalogRow): CatalogEntry => ({
      listingId: r.id,
      seller: r.name,
      segment: r.segment,
      pricingVersion: Number(r.pricing_version),
      pricing: JSON.parse(r.document) as unknown,
      insured: r.insurance !== null,
      publishedAt: r.created_at,
    });
    return pageOf(rows, page, entry, (e) => e.listingId);
  },
});
