/**
 * Bundle verification from the bundle's bytes on one thread, parsing and checking the receipts in chunks
 * of about CHUNK_BYTES (some 1,000 exported receipts), so that each chunk's parsed receipts die young: the
 * collector's scavenges free them instead of promoting every receipt of the bundle to the old generation,
 * as a whole parse followed by the checks does.
 *
 * The chunks are the pieces of bundle-split.ts, and nothing in them is trusted: the frame and every piece
 * must parse strictly (the frame's last member `receipts: []`, every piece a non-empty array), which makes
 * the whole text strict JSON with those receipts in order (see bundle-split.ts). The chunks are checked as
 * the consecutive ranges of bundle-range.ts, each from the log index where the ones before it ended, and
 * merged as `tai verify` merges its threads' ranges. The checks after the ranges (finishBundle) read a few
 * receipts: the last one each checkpoint covers (and the one after it) and each key's last, kept as the
 * chunks go.
 *
 * Only a success is answered from the chunks. Anything else (another layout, a piece or the frame not
 * strict, a bad frame or keys, a bad receipt, a failed checkpoint) is answered by parsing the whole text
 * and verifyBundle, exactly as before, so every failure and its message come from the one path that has
 * always named them: an early failure costs its chunks twice, and a later piece that is not strict JSON is
 * still reported before an earlier bad receipt.
 */
import { openBundle, verifyBundle } from './bundle.ts';
import { finishBundle } from './bundle-finish.ts';
import type { FinishOptions } from './bundle-finish.ts';
import { checkReceiptRange, mergeRanges } from './bundle-range.ts';
import type { RangeCheck, RangeKey, SignatureCheck } from './bundle-range.ts';
import { claimedSize, evenWeights, receiptsLastAndEmpty, splitBundleBytes, wantedIndexes } from './bundle-split.ts';
import { failure } from './bundle-verdict.ts';
import type { BundleSuccess, BundleVerdict } from './bundle-verdict.ts';
import { parseStrictJsonBytes, parseStrictJsonElements } from './strict-json.ts';

/** About 1,000 receipts as exported (some 750 bytes each). */
const CHUNK_BYTES = 768 * 1024;

export interface VerifyBytesOptions extends FinishOptions {
  /** Keys obtained out of band (the published JWKS); without them the bundle's own keys are trusted. */
  readonly trustedKeys?: readonly RangeKey[];
  /** Bytes per chunk (tests make it small); default CHUNK_BYTES. */
  readonly chunkBytes?: number;
  /**
   * Told, once the frame is open, how many receipts its last checkpoint claims (the bundle's count
   * whenever the chunks answer); returns what is told the count of receipts checked so far, if anything.
   */
  readonly progress?: (claimed: number) => ((done: number) => void) | undefined;
  /**
   * Each receipt's signature check (verifyBytes by default). One that answers before it knows makes a
   * success conditional: the caller holds it until every signature it was given has verified.
   */
  readonly verifySignature?: SignatureCheck;
}

/** The verdict from the chunks when the bundle verifies; null when it does not, or is not laid out for them. */
export const verifyChunked = (bytes: Uint8Array, options: VerifyBytesOptions = {}): BundleSuccess | null => {
  const parts = Math.max(1, Math.round(bytes.length / (options.chunkBytes ?? CHUNK_BYTES)));
  const split = splitBundleBytes(bytes, evenWeights(parts));
  if (split === null) return null;
  const frame = parseStrictJsonBytes(split.frame);
  if (!frame.ok || !receiptsLastAndEmpty(frame.value)) return null;
  const opened = openBundle(frame.value, options.trustedKeys);
  if (!opened.ok) return null;
  const { keyMap, customerId, checkpoints } = opened.value;
  const wanted = wantedIndexes(checkpoints);
  const onDone = options.progress?.(claimedSize(checkpoints.at(-1)));
  const picked = new Map<number, unknown>();
  const ranges: RangeCheck[] = [];
  let start = 0;
  for (const piece of split.pieces) {
    const parsed = parseStrictJsonElements(piece);
    if (!parsed.ok || !Array.isArray(parsed.value) || parsed.value.length === 0) return null;
    const receipts = parsed.value as readonly unknown[];
    const from = start;
    const range = checkReceiptRange(
      receipts,
      start,
      keyMap,
      customerId,
      onDone && ((d) => onDone(from + d)),
      options.verifySignature,
    );
    if (range.failure !== null) return null;
    for (const i of [...wanted, ...Object.values(range.lastIndexByKid)])
      if (i >= start && i < start + receipts.length) picked.set(i, receipts[i - start]);
    ranges.push(range);
    start += receipts.length;
  }
  const merged = mergeRanges(ranges);
  if (merged.failure !== null) return null;
  const receipts = new Array<unknown>(start);
  for (const [i, receipt] of picked) receipts[i] = receipt;
  const verdict = finishBundle({ ...opened.value, receipts }, merged, options);
  return verdict.ok ? verdict : null;
};

/**
 * Strict JSON bytes to a verdict, on this thread: the chunks when the bundle verifies from them, else the
 * whole text strictly parsed and verifyBundle (the same verdict, and the one that names any problem).
 */
export const verifyBundleBytes = (bytes: Uint8Array, options: VerifyBytesOptions = {}): BundleVerdict => {
  const chunked = verifyChunked(bytes, options);
  if (chunked !== null) return chunked;
  const parsed = parseStrictJsonBytes(bytes);
  if (!parsed.ok) return failure('bundle', `the file is not strict UTF-8 JSON: ${parsed.error}`);
  return verifyBundle(parsed.value, options);
};
