/**
 * The paging queries are served by an index in id order: no temporary B-tree, so a page costs the same
 * for a customer with ten listings as for one with a million. The ops overview's aggregate looks each
 * customer's certificate record up by its key (never a scan per customer), and its scan of the records walks
 * the key. (PostgreSQL's planner chooses by table
 * statistics, so there the same indexes exist but no plan is asserted.)
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { overviewSql } from '../sql/lifecycle-repo.ts';
import { pagingSql } from '../sql/operations-repo.ts';
import { openSqliteStore } from './sqlite-store.ts';

describe('SQLite query plans', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tai-plans-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const planOf = async (name: string) => {
    const file = join(dir, name);
    await (await openSqliteStore(file)).close();
    const db = new Database(file, { readonly: true });
    const plan = (sql: string, params: readonly (string | number)[]): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('; ');
    return { plan, close: () => db.close() };
  };

  it('pages listings, deployments and the public catalog through indexes, without sorting', async () => {
    const { plan, close } = await planOf('tai.db');
    const cases: [string, readonly (string | number)[], RegExp][] = [
      [pagingSql.customerRows('listings', false), ['cus_1', 51], /USING INDEX listings_customer/],
      [pagingSql.customerRows('listings', true), ['cus_1', 'lst_1', 51], /USING INDEX listings_customer/],
      [pagingSql.customerRows('deployments', false), ['cus_1', 51], /USING INDEX deployments_customer/],
      [pagingSql.customerRows('deployments', true), ['cus_1', 'dep_1', 51], /USING INDEX deployments_customer/],
      [pagingSql.catalog(false), [51], /USING INDEX listings_public/],
      [pagingSql.catalog(true), ['lst_1', 51], /USING INDEX listings_public/],
    ];
    for (const [sql, params, index] of cases) {
      const p = plan(sql, params);
      expect(p, sql).toMatch(index);
      expect(p, sql).not.toMatch(/TEMP B-TREE/);
    }
    close();
  });

  it('counts the overview in one pass over customers, each record found by its key, and scans records in key order', async () => {
    const { plan, close } = await planOf('overview.db');
    const tally = plan(overviewSql.customerTally, []);
    expect(tally).toMatch(
      /SEARCH r USING (?:COVERING )?INDEX sqlite_autoindex_certificate_records_1 \(customer_id=\?\)/,
    );
    expect(tally).not.toMatch(/SCAN r\b/);
    for (const [sql, params] of [
      [overviewSql.lifecycles(false), [1001]],
      [overviewSql.lifecycles(true), ['cus_1', 1001]],
    ] as const) {
      const p = plan(sql, params);
      expect(p, sql).toMatch(/USING INDEX sqlite_autoindex_certificate_records_1/);
      expect(p, sql).not.toMatch(/TEMP B-TREE/);
    }
    close();
  });
});
