/**
 * SQLite serves one instance: `tai serve` holds an exclusive SQLite lock on a small file beside the
 * database for as long as it runs. The operating system drops the lock when the process dies, even by
 * SIGKILL, so a crash never leaves a stale lock; a second `tai serve` on the same file is refused.
 * Maintenance commands (backup, verify, audit) do not take it.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError } from '../../../domain/errors/domain-error.ts';

export interface InstanceLock {
  readonly file: string;
  release(): void;
}

const lockFileOf = (databaseFile: string): string => `${databaseFile}.instance-lock`;

export const acquireInstanceLock = (databaseFile: string): InstanceLock => {
  const file = lockFileOf(databaseFile);
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in EXCLUSIVE locking mode it is kept until close.
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
    db.exec('BEGIN EXCLUSIVE');
    db.prepare('DELETE FROM holder').run();
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
    db.exec('COMMIT');
  } catch (e) {
    db.close();
    if ((e as { code?: unknown }).code === 'SQLITE_BUSY' || (e as { code?: unknown }).code === 'SQLITE_LOCKED')
      throw new DomainError('TAI-INSTANCE-SQLITE-IN-USE', {
        detail: `another tai serve holds ${file}: SQLite serves one instance; run several on PostgreSQL`,
      });
    throw e;
  }
  return { file, release: () => db.close() };
};
