/**
 * The pieces of `tai verify`'s receipts, as a worker thread or the main thread takes them: parse a piece
 * strictly (or take receipts already parsed), check it from the log index its first receipt claims, and
 * answer with the result and the receipts the checks after the pieces read. The main thread holds each
 * claimed start to the count of the pieces before (pool.ts).
 */
import { checkReceiptRange } from '../../../domain/receipts/bundle-range.ts';
import type { RangeKey } from '../../../domain/receipts/bundle-range.ts';
import { pieceArray } from '../../../domain/receipts/bundle-split.ts';
import { publicKeyFromRaw } from '../../../domain/receipts/keys.ts';
import { parseStrictJsonBytes } from '../../../domain/receipts/strict-json.ts';
import { ABORT, DONE, NEXT, STOP } from './protocol.ts';
import type {
  Board,
  CheckedPiece,
  PickedReceipt,
  PieceJob,
  PieceKeys,
  PieceSource,
  WorkerMessage,
} from './protocol.ts';

/** The piece's receipts, or null when it is not strict JSON or not a non-empty array. */
const parsePiece = (piece: PieceSource): readonly unknown[] | null => {
  if (piece === null) return null;
  if (!(piece instanceof Uint8Array)) return piece.length > 0 ? piece : null;
  const parsed = parseStrictJsonBytes(pieceArray(piece));
  return parsed.ok && Array.isArray(parsed.value) && parsed.value.length > 0 ? parsed.value : null;
};

export const keyMap = (keys: PieceKeys['keys']): Map<string, RangeKey> =>
  new Map(
    keys.map((k): [string, RangeKey] => {
      const key = publicKeyFromRaw(k.raw);
      return [key.kid, k.lifecycle === undefined ? key : { ...key, lifecycle: k.lifecycle }];
    }),
  );

/** The log index the first receipt claims, when it claims one; else 0 (the check then fails at it). */
const claimedStart = (receipt: unknown): number => {
  const body = (receipt as { body?: { logIndex?: unknown } } | null)?.body;
  const index = typeof body === 'object' && body !== null ? body.logIndex : undefined;
  return typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 ? index : 0;
};

const pick = (receipt: unknown): PickedReceipt[1] => {
  const body = (receipt as { body?: unknown } | undefined)?.body;
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return { body: { id: b['id'], issuedAt: b['issuedAt'] } };
};

/** Lowers STOP to `piece` unless it is lower already, or aborted. */
const lowerStop = (board: Board, piece: number): void => {
  for (let seen = Atomics.load(board, STOP); seen > piece;) {
    const was = Atomics.compareExchange(board, STOP, seen, piece);
    if (was === seen) return;
    seen = was;
  }
};

type Answer = Exclude<WorkerMessage, { type: 'progress' }>;

/**
 * Takes pieces (off the board in turn, or this thread's one) until none is left, answering each: checked;
 * parsed only, when it comes after a piece known bad (it must still be strict JSON for the verdict to be a
 * receipt's); or not strict, which stops every thread. `onProgress` follows each 1,024 receipts checked.
 */
export const takePieces = (job: PieceJob, answer: (m: Answer) => void, onProgress: () => void): void => {
  const { board, pieces } = job;
  const keys = keyMap(job.keys);
  let own = job.thread;
  const take = (): number => {
    if (job.shared) return Atomics.add(board, NEXT, 1);
    const p = own;
    own = pieces.length;
    return p;
  };
  let done = 0;
  for (let p = take(); p < pieces.length; p = take()) {
    if (Atomics.load(board, STOP) === ABORT) return;
    const receipts = parsePiece(pieces[p] ?? null);
    if (receipts === null) {
      Atomics.store(board, STOP, ABORT);
      return answer({ type: 'not-strict', piece: p });
    }
    if (p > Atomics.load(board, STOP)) {
      answer({ type: 'parsed', piece: p });
      continue;
    }
    const base = done;
    const start = claimedStart(receipts[0]);
    const result = checkReceiptRange(receipts, start, keys, job.customerId, (d) => {
      Atomics.store(board, DONE + job.thread, base + d);
      onProgress();
    });
    done = base + receipts.length;
    if (result.failure !== null) lowerStop(board, p);
    const inPiece = (i: number): boolean => i >= start && i < start + receipts.length;
    const indexes = new Set([...job.wanted, ...Object.values(result.lastIndexByKid)].filter(inPiece));
    const picked = [...indexes].map((i): PickedReceipt => [i, pick(receipts[i - start])]);
    const checked: CheckedPiece = {
      type: 'piece',
      piece: p,
      count: receipts.length,
      result,
      head: receipts[0],
      picked,
    };
    answer(checked);
  }
};
