/** Applies pending migrations; each one and its bookkeeping row commit together. */
import { MIGRATIONS, scriptFor, type Dialect } from '../migrations/index.ts';
import type { SqlConn } from './conn.ts';

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

export const currentVersion = async (db: SqlConn): Promise<number> => {
  const r = await db.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return Number(r?.v ?? 0);
};

/**
 * `inTransaction` runs its callback in one transaction that, for PostgreSQL, also holds an advisory
 * lock, so two instances starting together do not apply the same migration twice.
 */
export const migrate = async (
  dialect: Dialect,
  inTransaction: (fn: (db: SqlConn) => Promise<void>) => Promise<void>,
  nowIso: () => string,
): Promise<number[]> => {
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    await inTransaction(async (db) => {
      await db.exec(BOOKKEEPING);
      // Applied or not by its own number, not by the highest applied: numbers are reserved ahead, so a
      // lower one (merged later) can arrive after a higher one has run.
      if (await db.get('SELECT 1 AS applied FROM schema_migrations WHERE version = ?', [m.version])) return;
      await db.exec(scriptFor(m, dialect));
      await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        nowIso(),
      ]);
      applied.push(m.version);
    });
  }
  return applied;
};
