/**
 * `tai revenue verify --bundle <receipt export> --revenue <revenue.json>`, offline: the customer's receipt
 * export (GET /v1/ledger/export) is verified as `tai verify` does (signatures, chain, signed checkpoint),
 * then every entry of the customer's revenue schedule (GET /v1/admin/customers/{id}/revenue) is checked
 * to point at receipts and checkpoints of that log (domain/revenue/evidence-check.ts). Exit 0 when all
 * hold, 1 naming the first entry that does not, 66 unreadable input.
 */
import { readFile } from 'node:fs/promises';
import { finishBundle } from '../../../domain/receipts/bundle-finish.ts';
import { checkReceiptRange, mergeRanges } from '../../../domain/receipts/bundle-range.ts';
import { openBundle } from '../../../domain/receipts/bundle.ts';
import { HASH_SIZE } from '../../../domain/receipts/merkle.ts';
import { MemoryTree } from '../../../domain/receipts/memory-tree.ts';
import { parseStrictJsonBytes } from '../../../domain/receipts/strict-json.ts';
import { checkRevenueEvidence, type LoggedReceipt } from '../../../domain/revenue/evidence-check.ts';
import type { RevenueEntry } from '../../../domain/revenue/types.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { createProgress } from '../verify/progress.ts';

const COMMAND = 'tai revenue verify';
/** Show progress from this many receipts or entries on. */
const PROGRESS_FROM = 10_000;

const fail = (io: CliIo, what: string): number => {
  io.stderr.write(`${COMMAND}: FAILED at ${what}\n`);
  return EXIT.failed;
};

const bodyOf = (r: unknown): LoggedReceipt => {
  const b = (r as { body: { id: string; kind: string; issuedAt: string } }).body;
  return { id: b.id, kind: b.kind, issuedAt: b.issuedAt };
};

const revenueEntriesOf = (value: unknown): { customerId: string; entries: RevenueEntry[] } | string => {
  const v = value as { customerId?: unknown; entries?: unknown } | null;
  if (typeof v !== 'object' || v === null || typeof v.customerId !== 'string' || !Array.isArray(v.entries)) {
    return 'the revenue file is not a customer revenue schedule (GET /v1/admin/customers/{id}/revenue)';
  }
  return { customerId: v.customerId, entries: v.entries as RevenueEntry[] };
};

export const verifyRevenue = async (bundleFile: string, revenueFile: string, io: CliIo): Promise<number> => {
  let raw: Uint8Array;
  let revenueText: string;
  try {
    raw = await readFile(bundleFile);
    revenueText = await readFile(revenueFile, 'utf8');
  } catch (e) {
    io.stderr.write(`${COMMAND}: cannot read input: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.unreadable;
  }
  const parsed = parseStrictJsonBytes(raw);
  if (!parsed.ok) return fail(io, `the bundle: not strict JSON: ${parsed.error}`);
  let revenueValue: unknown;
  try {
    revenueValue = JSON.parse(revenueText);
  } catch (e) {
    return fail(io, `the revenue file: ${e instanceof Error ? e.message : String(e)}`);
  }
  const revenue = revenueEntriesOf(revenueValue);
  if (typeof revenue === 'string') return fail(io, revenue);

  const opened = openBundle(parsed.value);
  if (!opened.ok) return fail(io, `the ${opened.error.entry}: ${opened.error.reason}`);
  const { receipts, keyMap, customerId } = opened.value;
  if (customerId !== revenue.customerId) {
    return fail(io, `the revenue file: it is customer ${revenue.customerId}'s, the bundle ${customerId}'s`);
  }
  const receiptBar = receipts.length >= PROGRESS_FROM ? createProgress(io.stderr, receipts.length) : null;
  const range = checkReceiptRange(
    receipts,
    0,
    keyMap,
    customerId,
    receiptBar ? (d) => receiptBar.update(d) : undefined,
  );
  receiptBar?.end();
  const merged = mergeRanges([range]);
  if (merged.failure !== null) {
    return fail(io, `receipt ${merged.failure.index} (${merged.failure.receiptId ?? '?'}): ${merged.failure.reason}`);
  }
  const log = finishBundle(opened.value, merged, { nowMs: Date.now() });
  if (!log.ok) return fail(io, `the ${log.entry}: ${log.reason}`);

  const tree = new MemoryTree();
  for (let o = 0; o < merged.leafHashes.length; o += HASH_SIZE)
    tree.append(merged.leafHashes.subarray(o, o + HASH_SIZE));
  const total = revenue.entries.length;
  const entryBar =
    total >= PROGRESS_FROM
      ? createProgress(io.stderr, total, undefined, {
          unit: 'entries',
          line: (done, all) => `checked ${done}/${all} revenue entries`,
        })
      : null;
  const verdict = checkRevenueEvidence(
    customerId,
    revenue.entries,
    receipts.map(bodyOf),
    tree,
    entryBar ? (d) => entryBar.update(d) : undefined,
  );
  entryBar?.end();
  if (!verdict.ok) return fail(io, `entry ${verdict.entryId}: ${verdict.reason}`);
  io.stdout.write(
    `OK: ${verdict.entries} revenue entries of ${customerId} hold against its log of ${log.treeSize} receipts (root ${log.root}): ${verdict.usage} usage entries name receipts of the log, ${verdict.months} months carry its checkpoints\n`,
  );
  return EXIT.ok;
};
