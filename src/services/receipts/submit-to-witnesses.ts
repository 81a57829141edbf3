/**
 * Gets each customer's newest checkpoint cosigned by every configured witness (C2SP tlog-witness), after
 * the commit and in the background: a witness that is down delays cosigning and never a write. A commit
 * notifies the queue with the size it signed; the queue submits the latest stored checkpoint with a
 * consistency proof from the size the witness last cosigned (a 409 teaches it the witness's size), stores
 * the returned cosignature with the checkpoint, and retries failures with a capped backoff. A refresh
 * re-submits idle logs so their newest cosignature stays recent (what `tai verify --max-age` checks).
 */
import type { CustomerScope, Store } from '../../adapters/store/interface.ts';
import type { ReceiptSigner } from '../../adapters/keys/file-keyring.ts';
import type { WitnessClient } from '../../adapters/witness/interface.ts';
import { parseCheckpointText } from '../../domain/receipts/checkpoint.ts';
import { formatVkey, verifyCosignatures } from '../../domain/receipts/cosignature.ts';
import { fromBase64 } from '../../domain/receipts/encoding.ts';
import { parseNote } from '../../domain/receipts/note.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { consistencyBetween } from './ledger-reads.ts';
import { liveNote } from './served-checkpoint.ts';

interface WitnessTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WitnessLog {
  warn(obj: Readonly<Record<string, unknown>>, msg: string): void;
  error(obj: Readonly<Record<string, unknown>>, msg: string): void;
}

interface WitnessSubmitterDeps {
  readonly store: Store;
  readonly signer: ReceiptSigner;
  readonly clock: Clock;
  readonly originPrefix: string;
  readonly witnesses: readonly WitnessClient[];
  /** Re-submit a log whose newest cosignature is older than this. */
  readonly refreshMs: number;
  readonly timers?: WitnessTimers;
}

interface WitnessQueue {
  /** A transaction is signing a checkpoint of `treeSize` for this customer. */
  notify(customerId: string, treeSize: number): void;
}

export interface WitnessSubmitter extends WitnessQueue {
  /** Submits everything due now; resolves when done (tests drive it directly). */
  drain(): Promise<void>;
  /** Queues every customer whose newest cosignature is older than the refresh interval (all, at start). */
  sweep(all?: boolean): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  /** Seconds since the newest cosignature this service holds (tai_witness_cosign_lag_seconds), null before any. */
  lagSeconds(): number | null;
  readonly pending: number;
  /** Where warnings go (the HTTP app's logger, once it exists). */
  useLog(log: WitnessLog): void;
}

interface Pending {
  expected: number;
  refresh: boolean;
  dueAt: number;
  backoffMs: number;
  waits: number;
  todo: Set<number>;
}

type Step = 'done' | 'retry' | 'wait';

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 5 * 60_000;
const MAX_WAITS = 5;
const PARALLEL = 8;

export const createWitnessSubmitter = (deps: WitnessSubmitterDeps): WitnessSubmitter => {
  const queue = new Map<string, Pending>();
  const vkeys = deps.witnesses.map((w) => formatVkey(w.key));
  /** What each witness was last seen to hold, per customer (`${witness}:${customer}`). */
  const held = new Map<string, number>();
  let newestAt: number | null = null;
  let timer: unknown = null;
  let refreshTimer: unknown = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  const logTo: { log?: WitnessLog } = {};

  const enqueue = (customerId: string, expected: number, refresh: boolean): void => {
    if (deps.witnesses.length === 0) return;
    const p = queue.get(customerId);
    if (p === undefined) {
      queue.set(customerId, {
        expected,
        refresh,
        dueAt: deps.clock.now(),
        backoffMs: FIRST_BACKOFF_MS,
        waits: 0,
        todo: new Set(deps.witnesses.map((_, i) => i)),
      });
    } else {
      p.expected = Math.max(p.expected, expected);
      p.refresh ||= refresh;
      p.dueAt = Math.min(p.dueAt, deps.clock.now());
      deps.witnesses.forEach((_, i) => p.todo.add(i));
    }
    arm();
  };

  const arm = (): void => {
    if (stopped || deps.timers === undefined || running !== null) return;
    if (timer !== null) deps.timers.clearTimeout(timer);
    const next = Math.min(...[...queue.values()].map((p) => p.dueAt));
    if (!Number.isFinite(next)) return;
    timer = deps.timers.setTimeout(
      () => {
        timer = null;
        void self.drain().finally(arm);
      },
      Math.max(0, next - deps.clock.now()),
    );
  };

  const submitOne = async (scope: CustomerScope, p: Pending, w: number, conflicts = 0): Promise<Step> => {
    const witness = deps.witnesses[w] as WitnessClient;
    const vkey = vkeys[w] as string;
    const cp = await scope.latestCheckpoint();
    if (cp === undefined) return p.expected > 0 ? 'wait' : 'done';
    if (p.expected > cp.treeSize) return 'wait';
    const heldKey = `${w}:${scope.customerId}`;
    const known = held.get(heldKey) ?? (await scope.lastCosignedBy(vkey)) ?? 0;
    if (known > cp.treeSize) {
      logTo.log?.error(
        { customerId: scope.customerId, witness: vkey, witnessSize: known, treeSize: cp.treeSize },
        'a witness holds a larger tree than the log: fork or rollback',
      );
      return 'done';
    }
    if (known === cp.treeSize && !p.refresh && held.get(heldKey) !== undefined) return 'done';
    if (
      known === cp.treeSize &&
      !p.refresh &&
      (await scope.cosignaturesAt(cp.treeSize)).some((r) => r.witness === vkey)
    )
      return 'done';
    const proof =
      known === 0 || known === cp.treeSize
        ? []
        : (await consistencyBetween(scope, deps, known, cp.treeSize)).hashes.map(
            (h) => fromBase64(h) ?? new Uint8Array(),
          );
    const note = liveNote(cp, deps);
    const outcome = await witness.addCheckpoint({ oldSize: known, proof, note });
    if (outcome.kind === 'conflict') {
      if (outcome.size !== known && conflicts < 2) {
        held.set(heldKey, outcome.size);
        return submitOne(scope, p, w, conflicts + 1);
      }
      logTo.log?.error(
        { customerId: scope.customerId, witness: vkey, witnessSize: outcome.size },
        'a witness holds a different tree of this size: split view',
      );
      return 'done';
    }
    if (outcome.kind !== 'cosigned') {
      logTo.log?.warn({ customerId: scope.customerId, witness: vkey, outcome }, 'witness did not cosign; will retry');
      return 'retry';
    }
    const parsed = parseNote(`${note}${outcome.lines}`);
    const text = parsed.ok ? parseCheckpointText(parsed.value.text) : parsed;
    const cosigs =
      parsed.ok && text.ok ? verifyCosignatures(parsed.value.text, parsed.value.signatures, [witness.key]) : null;
    const mine = cosigs?.ok ? cosigs.value[0] : undefined;
    const line = outcome.lines.split('\n').find((l) => l.startsWith(`\u2014 ${witness.key.name} `));
    if (mine === undefined || line === undefined) {
      logTo.log?.warn(
        { customerId: scope.customerId, witness: vkey },
        'witness answered without a valid cosignature; will retry',
      );
      return 'retry';
    }
    await deps.store.transaction((tx) =>
      tx.forCustomer(scope.customerId).insertCosignature({
        treeSize: cp.treeSize,
        witness: vkey,
        cosignedAt: mine.timestamp,
        line,
        recordedAt: new Date(deps.clock.now()).toISOString(),
      }),
    );
    held.set(heldKey, cp.treeSize);
    newestAt = Math.max(newestAt ?? 0, mine.timestamp);
    return 'done';
  };

  const process = async (customerId: string, p: Pending): Promise<void> => {
    const scope = deps.store.scope(customerId);
    let retry = false;
    for (const w of [...p.todo]) {
      let step: Step;
      try {
        step = await submitOne(scope, p, w);
      } catch (e) {
        logTo.log?.warn(
          { customerId, err: e instanceof Error ? e.message : String(e) },
          'witness submission failed; will retry',
        );
        step = 'retry';
      }
      if (step === 'done') p.todo.delete(w);
      else if (step === 'wait' && ++p.waits > MAX_WAITS)
        p.expected = 0; // that transaction rolled back
      else retry = true;
    }
    if (p.todo.size === 0) {
      if (queue.get(customerId) === p) queue.delete(customerId);
      return;
    }
    p.refresh = false;
    p.dueAt = deps.clock.now() + (retry ? p.backoffMs : 50);
    if (retry) p.backoffMs = Math.min(MAX_BACKOFF_MS, p.backoffMs * 2);
  };

  const self: WitnessSubmitter = {
    notify: (customerId, treeSize) => enqueue(customerId, treeSize, false),
    get pending() {
      return queue.size;
    },
    drain: async () => {
      if (running !== null) return running;
      running = (async () => {
        const now = deps.clock.now();
        const due = [...queue.entries()].filter(([, p]) => p.dueAt <= now);
        for (let i = 0; i < due.length; i += PARALLEL) {
          await Promise.all(due.slice(i, i + PARALLEL).map(([c, p]) => process(c, p)));
        }
      })().finally(() => {
        running = null;
      });
      return running;
    },
    sweep: async (all = false) => {
      let after: string | undefined;
      for (;;) {
        const page = await deps.store.read((r) =>
          r.listCustomers({ limit: 200, ...(after === undefined ? {} : { after }) }),
        );
        for (const c of page.items) {
          const latest = await deps.store.scope(c.id).latestCosigned();
          if (latest !== undefined) newestAt = Math.max(newestAt ?? 0, latest.newestAt);
          const stale = latest === undefined || deps.clock.now() - latest.newestAt * 1000 >= deps.refreshMs;
          if (all || stale) enqueue(c.id, 0, stale);
        }
        if (page.next === null) return;
        after = page.next;
      }
    },
    start: () => {
      stopped = false;
      if (deps.witnesses.length === 0) return;
      void self.sweep(true).catch((e: unknown) => logTo.log?.error({ err: String(e) }, 'witness sweep failed'));
      const refresh = (): void => {
        if (stopped || deps.timers === undefined) return;
        refreshTimer = deps.timers.setTimeout(() => {
          void self
            .sweep()
            .catch(() => undefined)
            .finally(refresh);
        }, deps.refreshMs);
      };
      refresh();
      arm();
    },
    stop: async () => {
      stopped = true;
      if (timer !== null) deps.timers?.clearTimeout(timer);
      if (refreshTimer !== null) deps.timers?.clearTimeout(refreshTimer);
      timer = null;
      refreshTimer = null;
      await running;
    },
    useLog: (log) => {
      logTo.log = log;
    },
    lagSeconds: () => (newestAt === null ? null : Math.max(0, deps.clock.now() / 1000 - newestAt)),
  };
  return self;
};
