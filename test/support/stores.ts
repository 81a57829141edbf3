/**
 * The store implementations every contract suite runs against: a real SQLite file and a real
 * PostgreSQL schema. PostgreSQL comes from TAI_TEST_PG_URL; in CI its absence is a failure, never a skip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Store } from '../../src/adapters/store/interface.ts';
import { openPostgresStore } from '../../src/adapters/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';

/**
 * `TAI_TEST_STORES=sqlite`: the SQLite half only, on purpose. CI's Node 22 and 24 runs (.ci/node-matrix) set
 * it; the PostgreSQL suites run in CI's Node 20 verify, where their absence is a failure.
 */
const SQLITE_ONLY = process.env['TAI_TEST_STORES'] === 'sqlite';
export const PG_URL = SQLITE_ONLY ? undefined : process.env['TAI_TEST_PG_URL'] || undefined;
if (process.env['CI'] && !PG_URL && !SQLITE_ONLY) {
  throw new Error('TAI_TEST_PG_URL must be set in CI: the PostgreSQL suites may not be skipped there');
}

export interface StoreFixture {
  readonly name: 'sqlite' | 'postgres';
  readonly available: boolean;
  /** A fresh, empty, migrated store. */
  open(): Promise<Store>;
  /** Opens the most recently opened location again (to test restarts). */
  reopen(): Promise<Store>;
  /** Where the most recent open() put its data: a directory (SQLite) or a schema (PostgreSQL). */
  location(): string | undefined;
  /** Removes everything open() created. */
  cleanup(): Promise<void>;
}

let counter = 0;
const uniqueName = (): string => `t_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`;

export const sqliteFixture = (): StoreFixture => {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    available: true,
    open: () => {
      const dir = mkdtempSync(join(tmpdir(), 'tai-store-'));
      dirs.push(dir);
      return openSqliteStore(join(dir, 'tai.db'));
    },
    reopen: () => {
      const dir = dirs.at(-1);
      if (!dir) throw new Error('nothing opened yet');
      return openSqliteStore(join(dir, 'tai.db'));
    },
    location: () => dirs.at(-1),
    cleanup: () => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
};

/** Drops these schemas (and all in them) from the test database. */
export const dropSchemas = async (schemas: readonly string[]): Promise<void> => {
  if (!PG_URL || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } finally {
    await client.end();
  }
};

const postgresFixture = (): StoreFixture => {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    available: PG_URL !== undefined,
    open: () => {
      if (!PG_URL) throw new Error('TAI_TEST_PG_URL is not set');
      const schema = uniqueName();
      schemas.push(schema);
      return openPostgresStore(PG_URL, { schema, maxConnections: 4 });
    },
    reopen: () => {
      const schema = schemas.at(-1);
      if (!PG_URL || !schema) throw new Error('nothing opened yet');
      return openPostgresStore(PG_URL, { schema, maxConnections: 4 });
    },
    location: () => schemas.at(-1),
    cleanup: () => dropSchemas(schemas.splice(0)),
  };
};

export const storeFixtures = (): StoreFixture[] => [sqliteFixture(), postgresFixture()];

/**
 * One describe block per available store, with something started over that store before the block's tests
 * and closed (the store cleaned up) after them; `current()` is what was started.
 */
export const describePerStore = <T extends { close(): Promise<void> }>(
  title: string,
  start: (store: Store) => Promise<T>,
  body: (current: () => T, fixture: StoreFixture) => void,
): void => {
  for (const fixture of storeFixtures()) {
    describe.skipIf(!fixture.available)(`${title} (${fixture.name})`, () => {
      let started: T | undefined;
      beforeAll(async () => {
        started = await start(await fixture.open());
      });
      afterAll(async () => {
        await started?.close();
        await fixture.cleanup();
      });
      body(() => {
        if (!started) throw new Error(`${title}: not started (its beforeAll failed?)`);
        return started;
      }, fixture);
    });
  }
};
