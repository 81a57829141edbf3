/**
 * Group commit for SQLite's single writer. Transactions that arrive while one is running queue up; the
 * next batch runs them one after another inside ONE database transaction, each in its own savepoint,
 * then commits once (one fsync for the batch). A unit that throws is rolled back to its savepoint and
 * rejected alone; the others still commit. Every caller is answered only after COMMIT returned, so an
 * acknowledged write is durable.
 *
 * better-sqlite3's COMMIT (with its fsync) blocks the event loop, so requests that arrive meanwhile sit
 * unparsed in their sockets. Each batch therefore starts from setImmediate: after the poll phase has
 * turned those requests into queued units, which then share the next fsync.
 */
import type Database from 'better-sqlite3';

interface Unit {
  readonly run: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommitter {
  readonly #db: Database.Database;
  readonly #maxBatch: number;
  #queue: Unit[] = [];
  #draining = false;
  /** Batches committed and units in them, for the bench and tests. */
  readonly stats = { batches: 0, units: 0 };

  constructor(db: Database.Database, maxBatch = 256) {
    this.#db = db;
    this.#maxBatch = maxBatch;
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run: fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#draining) {
        this.#draining = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      const batch = this.#queue.splice(0, this.#maxBatch);
      await this.#commit(batch);
    } finally {
      if (this.#queue.length > 0) setImmediate(() => void this.#drain());
      else this.#draining = false;
    }
  }

  async #commit(batch: readonly Unit[]): Promise<void> {
    const db = this.#db;
    const outcomes: Outcome[] = [];
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      for (const u of batch) u.reject(error);
      return;
    }
    for (const unit of batch) {
      db.exec('SAVEPOINT unit');
      try {
        const value = await unit.run();
        db.exec('RELEASE unit');
        outcomes.push({ ok: true, value });
      } catch (error) {
        db.exec('ROLLBACK TO unit');
        db.exec('RELEASE unit');
        outcomes.push({ ok: false, error });
      }
    }
    try {
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const u of batch) u.reject(error);
      return;
    }
    this.stats.batches++;
    this.stats.units += batch.length;
    batch.forEach((u, i) => {
      const o = outcomes[i];
      if (o?.ok) u.resolve(o.value);
      else u.reject(o?.error);
    });
  }
}
