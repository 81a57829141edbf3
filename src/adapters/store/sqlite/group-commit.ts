/**
 * Group commit for SQLite's single writer. Transactions that arrive while one is running queue up; the
 * next batch runs them one after another inside ONE database transaction, each in its own savepoint,
 * then commits once. A unit that throws is rolled back to its savepoint and rejected alone; the others
 * still commit.
 *
 * Durability without blocking: the connection runs with synchronous=NORMAL, so COMMIT writes the WAL
 * frames without syncing them, and this class then fsyncs the WAL file through libuv's thread pool
 * (`sync` below) before answering any caller of the batch. An acknowledged write is therefore on disk,
 * as with synchronous=FULL, but the event loop keeps parsing requests during the fsync, and the next
 * batch may execute while the previous one's fsync is in flight (its callers wait for their own fsync).
 * Each batch starts from setImmediate, after the poll phase has turned waiting requests into units.
 *
 * Closing work (StoreTx.beforeCommit) registered by a unit joins the batch when the unit's savepoint is
 * released, and is dropped with it when the unit rolls back; it runs once, by key, before COMMIT.
 */
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';

interface Unit {
  readonly run: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommitter {
  readonly #db: Database.Database;
  readonly #sync: () => Promise<void>;
  readonly #ended: () => void;
  readonly #maxBatch: number;
  /** SAVEPOINT, RELEASE and ROLLBACK TO, prepared once: parsing them per unit cost more than running them. */
  readonly #unit: {
    readonly begin: Database.Statement;
    readonly release: Database.Statement;
    readonly undo: Database.Statement;
  };
  #queue: Unit[] = [];
  #draining = false;
  /** The running unit's closing work, by key; null between units. */
  #unitWork: Map<string, () => Promise<void>> | null = null;
  /** Batches committed and units in them, for the bench and tests. */
  readonly stats = { batches: 0, units: 0 };

  /**
   * `sync` makes everything committed so far durable (fsync of the WAL); `ended` is told each time a
   * batch's transaction has ended, committed or not.
   */
  /** Told of each committed batch: its size, and how long its fsync took (seconds). */
  observe: ((batchSize: number, fsyncSeconds: number) => void) | null = null;

  constructor(db: Database.Database, sync: () => Promise<void>, ended: () => void = () => undefined, maxBatch = 256) {
    this.#db = db;
    this.#sync = sync;
    this.#ended = ended;
    this.#maxBatch = maxBatch;
    this.#unit = {
      begin: db.prepare('SAVEPOINT unit'),
      release: db.prepare('RELEASE unit'),
      undo: db.prepare('ROLLBACK TO unit'),
    };
  }

  /** StoreTx.beforeCommit for the unit now running. */
  beforeCommit(key: string, work: () => Promise<void>): void {
    if (this.#unitWork === null) throw new Error('beforeCommit outside a running transaction');
    this.#unitWork.set(key, work);
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
    const batch = this.#queue.splice(0, this.#maxBatch);
    let outcomes: Outcome[] | null = null;
    try {
      outcomes = await this.#execute(batch);
    } finally {
      // The next batch may run while this one's fsync is in flight.
      if (this.#queue.length > 0) setImmediate(() => void this.#drain());
      else this.#draining = false;
    }
    if (outcomes === null) return;
    const syncStart = performance.now();
    try {
      await this.#sync();
      this.observe?.(batch.length, (performance.now() - syncStart) / 1000);
    } catch (error) {
      // Committed but not known to be on disk: no caller may be told it succeeded.
      for (const u of batch) u.reject(error);
      return;
    }
    batch.forEach((u, i) => {
      const o = outcomes[i];
      if (o?.ok) u.resolve(o.value);
      else u.reject(o?.error);
    });
  }

  /** Runs and commits a batch; null when the whole batch failed (its callers were already rejected). */
  async #execute(batch: readonly Unit[]): Promise<Outcome[] | null> {
    const db = this.#db;
    const outcomes: Outcome[] = [];
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      for (const u of batch) u.reject(error);
      return null;
    }
    const closing = new Map<string, () => Promise<void>>();
    const savepoint = this.#unit;
    for (const unit of batch) {
      savepoint.begin.run();
      const work = new Map<string, () => Promise<void>>();
      this.#unitWork = work;
      try {
        const value = await unit.run();
        savepoint.release.run();
        for (const [key, w] of work) closing.set(key, w);
        outcomes.push({ ok: true, value });
      } catch (error) {
        savepoint.undo.run();
        savepoint.release.run();
        outcomes.push({ ok: false, error });
      } finally {
        this.#unitWork = null;
      }
    }
    try {
      for (const w of closing.values()) await w();
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const u of batch) u.reject(error);
      return null;
    } finally {
      this.#ended();
    }
    this.stats.batches++;
    this.stats.units += batch.length;
    return outcomes;
  }
}
