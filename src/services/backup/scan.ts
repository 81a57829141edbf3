/**
 * One pass over a store's tables, or a backup's files, in primary-key order: each table's row count and
 * content hash, every log recomputed (LogBook), every hash chain verified (CHAIN_VERIFIERS) and, in full
 * mode, every receipt's signature and row checked by a ReceiptChecker (on worker threads in the CLI). A
 * backup scans in heads mode (the stored hashes only, no signature work on the live service's machine);
 * `tai backup verify` and `tai restore` scan in full mode.
 */
import { CHAIN_VERIFIERS, byName, type ChainVerifier } from '../../domain/backup/chains.ts';
import { LogBook, type ExternalCheckpoint } from '../../domain/backup/log-book.ts';
import type { ChainEntry, LogEntry } from '../../domain/backup/manifest.ts';
import { problem, type Problem } from '../../domain/backup/problem.ts';
import { TableDigest, type Row } from '../../domain/backup/rows.ts';
import type { ReceiptColumns, StoredReceiptJob, StoredReceiptVerdict } from '../../domain/backup/stored-receipts.ts';
import type { PublicReceiptKey } from '../../domain/receipts/keys.ts';

export type ReceiptChecker = (job: StoredReceiptJob) => Promise<StoredReceiptVerdict>;

/** A batch of one table's rows and their lines (each ending in "\n"), as hashed. */
export interface RowBatch {
  readonly rows: readonly Row[];
  readonly text: string;
}

interface ScanOptions {
  readonly keys: readonly PublicReceiptKey[];
  /** Full mode: every receipt checked by this. */
  readonly checker?: ReceiptChecker;
  readonly external?: readonly ExternalCheckpoint[];
  /** Called with the number of rows scanned so far. */
  readonly onRows?: (rows: number) => void;
}

interface ScanResult {
  readonly tables: ReadonlyMap<string, { readonly rows: number; readonly sha256: string }>;
  readonly logs: readonly LogEntry[];
  readonly chains: Readonly<Record<string, ChainEntry>>;
  readonly problems: readonly Problem[];
}

const JOB_ROWS = 2000;
const MAX_IN_FLIGHT = 8;

interface Pending {
  readonly customerId: string;
  readonly start: number;
  readonly verdict: Promise<StoredReceiptVerdict>;
}

export class Scan {
  readonly #book = new LogBook();
  readonly #chains: ChainVerifier[] = CHAIN_VERIFIERS.map((make) => make());
  readonly #tables = new Map<string, { rows: number; sha256: string }>();
  readonly #pending: Pending[] = [];
  #inFlight: Promise<unknown>[] = [];
  #scanned = 0;

  constructor(private readonly options: ScanOptions) {}

  /** Scans one table; returns its row count and content hash. */
  async table(
    name: string,
    columns: readonly string[],
    batches: AsyncIterable<RowBatch>,
  ): Promise<{ rows: number; sha256: string }> {
    const digest = new TableDigest();
    const get = byName(columns);
    const observe = this.#observer(name, columns, get);
    const chains = this.#chains.filter((c) => c.tables.includes(name));
    for await (const batch of batches) {
      digest.update(batch.text, batch.rows.length);
      await observe(batch.rows);
      for (const c of chains) c.observe(name, columns, batch.rows);
      this.#scanned += batch.rows.length;
      this.options.onRows?.(this.#scanned);
    }
    await observe(null);
    const result = { rows: digest.rows, sha256: digest.finish() };
    this.#tables.set(name, result);
    return result;
  }

  #observer(
    name: string,
    columns: readonly string[],
    get: ReturnType<typeof byName>,
  ): (rows: readonly Row[] | null) => Promise<void> {
    const none = (): Promise<void> => Promise.resolve();
    const each =
      (fn: (r: Row) => void) =>
      (rows: readonly Row[] | null): Promise<void> => {
        for (const r of rows ?? []) fn(r);
        return Promise.resolve();
      };
    const book = this.#book;
    const s = (r: Row, c: string): string => String(get(r, c));
    const n = (r: Row, c: string): number => Number(get(r, c));
    switch (name) {
      case 'receipts':
        return this.#receipts(columns, get);
      case 'checkpoints':
        return each((r) => book.checkpoint(s(r, 'customer_id'), n(r, 'tree_size'), s(r, 'root_hash'), s(r, 'note')));
      case 'receipt_logs':
        return each((r) => book.head(s(r, 'customer_id'), n(r, 'size'), s(r, 'frontier'), s(r, 'last_leaf_hash')));
      case 'receipt_nodes':
        return each((r) => book.node(s(r, 'customer_id'), n(r, 'level'), n(r, 'idx'), s(r, 'hash')));
      default:
        return none;
    }
  }

  #receipts(
    columns: readonly string[],
    get: ReturnType<typeof byName>,
  ): (rows: readonly Row[] | null) => Promise<void> {
    const at = (c: string): number => columns.indexOf(c);
    const cols: ReceiptColumns = {
      id: at('id'),
      kind: at('kind'),
      issuedAt: at('issued_at'),
      body: at('body'),
      signature: at('signature'),
      leafHash: at('leaf_hash'),
    };
    const checker = this.options.checker;
    let run: Row[] = [];
    let runCustomer = '';
    let runStart = 0;
    const flush = async (): Promise<void> => {
      if (checker === undefined || run.length === 0) return;
      const job: StoredReceiptJob = { customerId: runCustomer, start: runStart, rows: run, columns: cols };
      run = [];
      const verdict = checker(job);
      // Awaited in finish(); a rejection before then must not count as unhandled.
      verdict.catch(() => undefined);
      this.#pending.push({ customerId: job.customerId, start: job.start, verdict });
      this.#inFlight.push(verdict);
      if (this.#inFlight.length >= MAX_IN_FLIGHT) {
        await this.#inFlight[0];
        this.#inFlight = this.#inFlight.slice(1);
      }
    };
    return async (rows) => {
      if (rows === null) return flush();
      for (const r of rows) {
        const customerId = String(get(r, 'customer_id'));
        const logIndex = Number(get(r, 'log_index'));
        this.#book.receipt(customerId, logIndex, String(get(r, 'leaf_hash')));
        if (checker === undefined) continue;
        if (customerId !== runCustomer || run.length >= JOB_ROWS) {
          await flush();
          runCustomer = customerId;
          runStart = logIndex;
        }
        run.push(r);
      }
    };
  }

  async finish(): Promise<ScanResult> {
    const { logs, problems } = this.#book.finish(this.options.keys, this.options.external);
    const all = [...problems];
    const failedLogs = new Set<string>();
    for (const p of this.#pending) {
      const v = await p.verdict;
      if (failedLogs.has(p.customerId)) continue;
      const where = `log ${p.customerId}`;
      if (v.failure !== null) {
        failedLogs.add(p.customerId);
        const f = v.failure;
        all.push(problem(where, `receipt ${f.index}${f.receiptId === null ? '' : ` (${f.receiptId})`}: ${f.reason}`));
      } else if (p.start > 0 && v.firstPreviousHash !== this.#book.leafHex(p.customerId, p.start - 1)) {
        failedLogs.add(p.customerId);
        all.push(problem(where, `receipt ${p.start}: previousHash is not the leaf hash of the receipt before`));
      }
    }
    const chains: Record<string, ChainEntry> = {};
    for (const c of this.#chains) {
      const { entry, problems: found } = c.finish(this.options.keys);
      if (entry !== null) chains[c.name] = entry;
      all.push(...found);
    }
    return { tables: this.#tables, logs, chains, problems: all };
  }
}
