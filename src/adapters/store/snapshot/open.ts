/** The snapshot port's implementation: SQLite or PostgreSQL by the location's kind. */
import type { SnapshotStores } from './interface.ts';
import { openPostgresRestoreTarget, openPostgresSnapshot } from './postgres.ts';
import { openSqliteRestoreTarget, openSqliteSnapshot } from './sqlite.ts';

export const snapshotStores: SnapshotStores = {
  snapshot: (l, workFile) =>
    l.kind === 'sqlite' ? openSqliteSnapshot(l.file, workFile) : openPostgresSnapshot(l.url, l.schema),
  restoreTarget: (l) =>
    l.kind === 'sqlite' ? openSqliteRestoreTarget(l.file) : openPostgresRestoreTarget(l.url, l.schema),
};
