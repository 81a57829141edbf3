/**
 * Every customer's receipt log as a backup scan sees it: the stored leaf hashes in log order, the log head
 * (size, frontier, last leaf), the stored tree nodes and the signed checkpoints. At the end each log is
 * recomputed and held against all of them: the latest checkpoint's signature, tree size and root; every
 * older checkpoint's root at its size; the head and every stored node; and checkpoints saved elsewhere
 * (a witness's, or answers of GET /v1/ledger/checkpoint), which must be consistent with the log and no
 * larger than it. The tables may arrive in any order.
 */
import { verifyCheckpoint } from '../receipts/checkpoint.ts';
import { fromHex, toHex } from '../receipts/encoding.ts';
import type { PublicReceiptKey } from '../receipts/keys.ts';
import { MemoryTree } from '../receipts/memory-tree.ts';
import { rangeNodes } from '../receipts/merkle.ts';
import type { LogEntry } from './manifest.ts';
import { PackedHashes } from './packed.ts';
import { problem, type Problem } from './problem.ts';

/** A checkpoint saved outside the store, already verified: which log, its size and root, where it came from. */
export interface ExternalCheckpoint {
  readonly customerId: string;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  readonly source: string;
}

interface Log {
  readonly leaves: PackedHashes;
  head?: { size: number; frontier: string; lastLeafHash: string };
  latest?: { size: number; root: string; note: string };
  readonly olderSizes: number[];
  readonly olderRoots: PackedHashes;
  readonly nodes: { level: number; index: number; hash: string }[];
  broken: string | null;
}

export class LogBook {
  readonly #logs = new Map<string, Log>();
  readonly #problems: Problem[] = [];

  #log(customerId: string): Log {
    let log = this.#logs.get(customerId);
    if (log === undefined) {
      log = { leaves: new PackedHashes(), olderSizes: [], olderRoots: new PackedHashes(), nodes: [], broken: null };
      this.#logs.set(customerId, log);
    }
    return log;
  }

  /** A receipt row; rows of one log arrive in log-index order. */
  receipt(customerId: string, logIndex: number, leafHash: string): void {
    const log = this.#log(customerId);
    if (log.broken !== null) return;
    const bytes = fromHex(leafHash);
    if (logIndex !== log.leaves.count)
      log.broken = `receipt ${log.leaves.count} is missing (the next one stored is ${logIndex})`;
    else if (bytes === null || bytes.length !== 32) log.broken = `receipt ${logIndex} has a malformed leaf hash`;
    else log.leaves.push(bytes);
  }

  /** The stored leaf hash (hex) of receipt `index`, if the log has it. */
  leafHex(customerId: string, index: number): string | null {
    const log = this.#logs.get(customerId);
    return log === undefined || index >= log.leaves.count ? null : toHex(log.leaves.at(index));
  }

  head(customerId: string, size: number, frontier: string, lastLeafHash: string): void {
    this.#log(customerId).head = { size, frontier, lastLeafHash };
  }

  node(customerId: string, level: number, index: number, hash: string): void {
    this.#log(customerId).nodes.push({ level, index, hash });
  }

  checkpoint(customerId: string, treeSize: number, rootHash: string, note: string): void {
    const log = this.#log(customerId);
    const latest = log.latest;
    if (latest !== undefined && latest.size > treeSize) return this.#older(log, customerId, treeSize, rootHash);
    if (latest !== undefined) this.#older(log, customerId, latest.size, latest.root);
    log.latest = { size: treeSize, root: rootHash, note };
  }

  #older(log: Log, customerId: string, size: number, root: string): void {
    const bytes = fromHex(root);
    if (bytes === null || bytes.length !== 32) {
      this.#problems.push(problem(`log ${customerId}`, `the checkpoint at tree size ${size} has a malformed root`));
      return;
    }
    log.olderSizes.push(size);
    log.olderRoots.push(bytes);
  }

  /** Recomputes every log; returns what the manifest says of them and everything that does not hold. */
  finish(
    keys: readonly PublicReceiptKey[],
    external: readonly ExternalCheckpoint[] = [],
  ): {
    logs: LogEntry[];
    problems: Problem[];
  } {
    const logs: LogEntry[] = [];
    const problems = [...this.#problems];
    const externalOf = new Map<string, ExternalCheckpoint[]>();
    for (const e of external) externalOf.set(e.customerId, [...(externalOf.get(e.customerId) ?? []), e]);
    for (const customerId of externalOf.keys()) if (!this.#logs.has(customerId)) this.#log(customerId);
    for (const [customerId, log] of [...this.#logs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const where = `log ${customerId}`;
      const found: string[] = [];
      const entry = this.#finishLog(customerId, log, keys, externalOf.get(customerId) ?? [], found, problems);
      for (const reason of found) problems.push(problem(where, reason));
      if (entry !== null) logs.push(entry);
    }
    return { logs, problems };
  }

  #finishLog(
    customerId: string,
    log: Log,
    keys: readonly PublicReceiptKey[],
    external: readonly ExternalCheckpoint[],
    found: string[],
    problems: Problem[],
  ): LogEntry | null {
    if (log.broken !== null) {
      found.push(log.broken);
      return null;
    }
    const n = log.leaves.count;
    const tree = new MemoryTree();
    for (let i = 0; i < n; i++) tree.append(log.leaves.at(i));
    const root = toHex(tree.root());
    if (n > 0 && log.head === undefined) found.push(`it has ${n} receipts but no head row in receipt_logs`);
    if (log.head !== undefined) {
      const { size, frontier, lastLeafHash } = log.head;
      if (size !== n) found.push(`receipt_logs gives its size as ${size}, but it has ${n} receipts`);
      else {
        const want = rangeNodes(0, n).map((id) => toHex(tree.read(id.level, id.index)));
        if (frontier !== JSON.stringify(want))
          found.push('the frontier in receipt_logs is not the tree of its receipts');
        if (n > 0 && lastLeafHash !== toHex(log.leaves.at(n - 1)))
          found.push('the last leaf hash in receipt_logs is not that of its last receipt');
      }
    }
    for (const nd of log.nodes) {
      const inTree = Number.isSafeInteger(nd.level) && nd.level >= 0 && (nd.index + 1) * 2 ** nd.level <= n;
      if (!inTree || nd.hash !== toHex(tree.read(nd.level, nd.index))) {
        found.push(`the stored tree node (level ${nd.level}, index ${nd.index}) is not the tree of its receipts`);
        break;
      }
    }
    for (let i = 0; i < log.olderSizes.length; i++) {
      const size = log.olderSizes[i] as number;
      if (size > n || toHex(tree.root(size)) !== toHex(log.olderRoots.at(i))) {
        found.push(`the stored checkpoint at tree size ${size} is not the root of its first ${size} receipts`);
        break;
      }
    }
    for (const e of external) {
      if (e.treeSize > n) {
        problems.push({
          where: `log ${customerId}`,
          reason: `${e.source} is a checkpoint of ${e.treeSize} receipts, but the log holds ${n}: receipts issued after the backup point are missing`,
          kind: 'behind',
        });
      } else if (toHex(tree.root(e.treeSize)) !== toHex(e.rootHash)) {
        found.push(`${e.source} signed a different log: its first ${e.treeSize} receipts are not these (a fork)`);
      }
    }
    const latest = log.latest;
    if (latest === undefined) {
      if (n > 0) found.push(`it has ${n} receipts and no signed checkpoint`);
      return null;
    }
    const cp = verifyCheckpoint(latest.note, keys);
    if (!cp.ok) found.push(`its latest checkpoint does not verify: ${cp.error}`);
    else {
      if (!cp.value.origin.endsWith(`/${customerId}`))
        found.push(`its latest checkpoint is of another log (${cp.value.origin})`);
      if (cp.value.treeSize !== latest.size || toHex(cp.value.rootHash) !== latest.root)
        found.push('its latest checkpoint row does not say what its signed note says');
    }
    if (latest.size !== n)
      found.push(
        `its latest signed checkpoint covers ${latest.size} receipts, but the log holds ${n} (a receipt is missing or extra)`,
      );
    else if (latest.root !== root)
      found.push('the Merkle root of its receipts is not the root its latest checkpoint signed');
    return { customerId, treeSize: n, root, checkpoint: latest.note };
  }
}
