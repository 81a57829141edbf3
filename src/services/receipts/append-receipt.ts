/**
 * Appends a signed receipt to the customer's log inside the caller's transaction, with the tree nodes
 * it completes, and arranges a signed checkpoint of the tree as the transaction closes. The checkpoint
 * is signed once per log per transaction (with SQLite's group commit, once per batch), for the size
 * the log has when it commits, and it commits atomically with the receipts it covers: every committed
 * receipt is covered by a stored checkpoint, and a receipt's inclusion proof is served against the
 * latest one. The customer lock serializes appends, so the log can never fork and no two different
 * checkpoints of one size are ever signed (the database's primary key on (customer, tree size) refuses
 * a second one).
 */
import { ATTR, inSpan, spanAttributes, type SpanHandle } from '../../adapters/tracing/spans.ts';
import { transactionSpan } from '../../adapters/tracing/store.ts';
import type { CustomerScope, ReceiptLogHead, StoreTx } from '../../adapters/store/interface.ts';
import type { ReceiptSigner } from '../../adapters/keys/file-keyring.ts';
import type { Authority, Mode } from '../../domain/customer/types.ts';
import type { InsuranceStamp } from '../../domain/insurance/certificate.ts';
import { logOrigin, signCheckpoint } from '../../domain/receipts/checkpoint.ts';
import { fromHex, toHex } from '../../domain/receipts/encoding.ts';
import { appendLeaf, frontierRoot } from '../../domain/receipts/frontier.ts';
import { GENESIS_PREVIOUS_HASH, type ReceiptKind, type SignedReceipt } from '../../domain/receipts/receipt-format.ts';
import { buildReceipt, sealReceipt } from '../../domain/receipts/receipt.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { newId, successorId } from '../../domain/shared/ids.ts';

/** What appending needs; a ServiceContext satisfies it. */
export interface LedgerDeps {
  readonly signer: ReceiptSigner;
  readonly clock: Clock;
  readonly originPrefix: string;
  /** Told of every checkpoint signed, to have witnesses cosign it after the commit. */
  readonly witnessQueue?: { notify(customerId: string, treeSize: number): void } | undefined;
  /** The span appends go under when the transaction has none of its own. */
  readonly trace?: SpanHandle | undefined;
}

export interface ReceiptRequest {
  /** Minted at append when absent. */
  readonly id?: string | undefined;
  readonly customerId: string;
  readonly kind: ReceiptKind;
  readonly mode: Mode;
  readonly authority: Authority;
  readonly request: unknown;
  readonly result: unknown;
  readonly contractReference: string | null;
  readonly insurance: InsuranceStamp | null;
  readonly disclaimer: string | null;
}

interface AppendedReceipt {
  readonly receipt: SignedReceipt;
}

const bytesOfStoredHex = (hex: string): Uint8Array => {
  const bytes = fromHex(hex);
  if (bytes === null) throw new Error('the stored receipt log frontier is not hex');
  return bytes;
};

type Last = ReceiptLogHead['last'];

/** The last receipt's id and issue time: from the head, or (for a head stored before it kept them) the log. */
const lastOf = async (scope: Pick<CustomerScope, 'receiptRange'>, head: ReceiptLogHead | undefined): Promise<Last> => {
  if (head === undefined || head.size === 0) return null;
  if (head.last !== null) return head.last;
  const r = (await scope.receiptRange(head.size - 1, head.size))[0];
  return r === undefined ? null : { id: r.id, issuedAt: r.issuedAt };
};

/** Issue times never fall along a log, even if the clock steps back. */
const issueTime = (last: Last, clock: Clock): number =>
  Math.max(clock.now(), last === null ? 0 : Date.parse(last.issuedAt));

const nextId = (last: Last, nowMs: number): string => {
  const minted = newId('rcpt', nowMs);
  return last !== null && minted <= last.id ? successorId(last.id) : minted;
};

/**
 * The id the next receipt of this log will carry, for effects that must name it before it is appended
 * (a listing, a deployment). Call under the customer's lock, in the transaction that appends it.
 */
export const nextReceiptId = async (
  scope: Pick<CustomerScope, 'receiptRange' | 'receiptHead'>,
  clock: Clock,
): Promise<string> => {
  const last = await lastOf(scope, await scope.receiptHead());
  return nextId(last, issueTime(last, clock));
};

/**
 * Appends one receipt to its customer's log (with tracing on, a `receipt.append` span under the
 * transaction's span).
 */
export const appendReceipt = (tx: StoreTx, deps: LedgerDeps, input: ReceiptRequest): Promise<AppendedReceipt> =>
  inSpan(transactionSpan(tx) ?? deps.trace, 'receipt.append', undefined, (span) => append(tx, deps, input, span));

const append = async (
  tx: StoreTx,
  deps: LedgerDeps,
  input: ReceiptRequest,
  span: SpanHandle | undefined,
): Promise<AppendedReceipt> => {
  const scope = tx.forCustomer(input.customerId);
  await scope.lock();
  const stored = await scope.receiptHead();
  const head = stored ?? { size: 0, frontier: [], lastLeafHash: GENESIS_PREVIOUS_HASH, last: null };
  const key = deps.signer.active();
  // Format 2: issuedAt never falls along a log and ids rise, even if the clock steps back.
  const last = await lastOf(scope, stored);
  const nowMs = issueTime(last, deps.clock);
  const given = input.id;
  if (given !== undefined && last !== null && given <= last.id)
    throw new Error(`receipt id ${given} does not follow ${last.id}: mint it with nextReceiptId under the lock`);
  const body = buildReceipt({
    ...input,
    id: given ?? nextId(last, nowMs),
    logIndex: head.size,
    previousHash: head.lastLeafHash,
    keyId: key.kid,
    nowMs,
  });
  const { receipt, canonicalBody, leafHash: leaf } = sealReceipt(body, key);
  const { frontier, completed } = appendLeaf({ size: head.size, hashes: head.frontier.map(bytesOfStoredHex) }, leaf);
  await scope.appendReceipt(
    {
      customerId: input.customerId,
      logIndex: body.logIndex,
      id: body.id,
      kind: body.kind,
      issuedAt: body.issuedAt,
      body: canonicalBody,
      signature: receipt.signature,
      leafHash: toHex(leaf),
    },
    completed.map((n) => ({ level: n.level, index: n.index, hash: toHex(n.hash) })),
    { size: frontier.size, frontier: frontier.hashes.map(toHex), lastLeafHash: toHex(leaf) },
  );
  // A later append to this log in the same transaction replaces this work: one signature covers both.
  tx.beforeCommit(`checkpoint:${input.customerId}`, async () => {
    const rootHash = frontierRoot(frontier);
    const note = signCheckpoint(
      { origin: logOrigin(input.customerId, deps.originPrefix), treeSize: frontier.size, rootHash },
      deps.signer.active(),
    );
    await scope.insertCheckpoint({
      treeSize: frontier.size,
      rootHash: toHex(rootHash),
      note,
      createdAt: body.issuedAt,
    });
    deps.witnessQueue?.notify(input.customerId, frontier.size);
  });
  spanAttributes(span, { [ATTR.receipt]: body.id, 'tai.receipt.log_index': body.logIndex });
  return { receipt };
};
