/**
 * Cuts a bundle's bytes so that its receipts can be parsed in chunks, each soon garbage: the frame (the
 * bundle with an empty receipts array) and pieces of the receipts array, each the text of an array once
 * bracketed.
 * Finding the cuts reads only the bytes before the receipts and near each cut, not the receipts themselves.
 *
 * No cut is trusted. The caller parses every piece strictly and requires a non-empty array, and the frame
 * strictly and requires its last member to be `receipts: []`. When they all hold, the pieces' elements in
 * order are the receipts of the whole text, and the whole text is strict JSON: a piece that parses alone
 * leaves the parser where it found it (inside the receipts array, after a value), so each cut comma was a
 * separator of that array and not inside a string or a receipt; the frame's `]` closes the array its `[`
 * opened, at the top level. Every object, string and UTF-8 character lies whole in one of them (the cuts
 * are at ASCII bytes outside strings), so the frame and the pieces carry every member name, escape and
 * byte of the whole text and the strict rules (strict-json.ts) hold of it exactly when they hold of each.
 * When a check fails the caller parses the whole text instead, which also names the problem.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const RECEIPTS = Array.from('"receipts"', (c) => c.charCodeAt(0));
// Between two exported receipts: the end of one's signature, then the next one's body. A bundle laid out
// otherwise (spaces, other member order) is cut in fewer places or none.
const SEAM = Buffer.from('"},{"body":');

const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

const skipSpace = (b: Uint8Array, i: number): number => {
  while (isSpace(b[i])) i++;
  return i;
};

/** The index after the string opening at `i`, or -1. */
const stringEnd = (b: Uint8Array, i: number): number => {
  for (let j = i + 1; j < b.length; j++) {
    const c = b[j];
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  return -1;
};

/** The index after the value starting at `i` (by nesting depth; its grammar is for the parser), or -1. */
const valueEnd = (b: Uint8Array, i: number): number => {
  let depth = 0;
  for (let j = i; j < b.length; j++) {
    const c = b[j];
    if (c === QUOTE) {
      const end = stringEnd(b, j);
      if (end < 0) return -1;
      if (depth === 0) return end;
      j = end - 1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth === 0) return j;
      if (--depth === 0) return j + 1;
    } else if (depth === 0 && (c === COMMA || isSpace(c))) return j;
  }
  return -1;
};

/** The index after the `[` of the top-level member "receipts", or -1. */
const receiptsStart = (b: Uint8Array): number => {
  let i = skipSpace(b, 0);
  if (b[i] !== OPEN_OBJECT) return -1;
  i = skipSpace(b, i + 1);
  for (;;) {
    if (b[i] !== QUOTE) return -1;
    const end = stringEnd(b, i);
    if (end < 0) return -1;
    const isReceipts = end - i === RECEIPTS.length && RECEIPTS.every((c, k) => b[i + k] === c);
    i = skipSpace(b, end);
    if (b[i] !== COLON) return -1;
    i = skipSpace(b, i + 1);
    if (isReceipts) return b[i] === OPEN_ARRAY ? i + 1 : -1;
    i = valueEnd(b, i);
    if (i < 0) return -1;
    i = skipSpace(b, i);
    if (b[i] !== COMMA) return -1;
    i = skipSpace(b, i + 1);
  }
};

/** The index of the `]` closing the receipts when they are the last member, or -1. */
const receiptsEnd = (b: Uint8Array): number => {
  let i = b.length - 1;
  while (isSpace(b[i])) i--;
  if (b[i] !== CLOSE_OBJECT) return -1;
  i--;
  while (isSpace(b[i])) i--;
  return b[i] === CLOSE_ARRAY ? i : -1;
};

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

interface SplitBundle {
  /** The bundle with `"receipts":[]`. */
  readonly frame: Uint8Array;
  /**
   * Views into the bytes (no copy), each a run of receipts separated by commas: the elements of an array
   * (parseStrictJsonElements in strict-json.ts parses one as the array).
   */
  readonly pieces: readonly Uint8Array[];
}

/**
 * The frame and at most `weights.length` pieces (fewer when no seam follows a cut's place), of sizes in
 * bytes near the weights' proportions; or null when no receipts array is found where the exported layout
 * has it (the last member).
 */
export const splitBundleBytes = (bytes: Uint8Array, weights: readonly number[]): SplitBundle | null => {
  const start = receiptsStart(bytes);
  const end = receiptsEnd(bytes);
  if (start < 0 || end <= start || weights.length < 1) return null;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sum = weights.reduce((a, b) => a + b, 0);
  const cuts = [start - 1];
  let before = 0;
  for (let k = 1; k < weights.length; k++) {
    before += weights[k - 1] ?? 0;
    const from = start + Math.floor(((end - start) * before) / sum);
    const seam = view.indexOf(SEAM, Math.max(from, (cuts[cuts.length - 1] ?? 0) + 1));
    if (seam < 0 || seam + 2 >= end) break; // fewer pieces
    cuts.push(seam + 2); // the comma
  }
  cuts.push(end);
  const pieces = cuts.slice(1).map((cut, k) => bytes.subarray((cuts[k] ?? 0) + 1, cut));
  return { frame: concat(bytes.subarray(0, start), bytes.subarray(end)), pieces };
};

/** Weights for `parts` pieces of near-equal size. */
export const evenWeights = (parts: number): number[] => Array.from({ length: parts }, () => 1);

/** The parsed frame's last member is `receipts: []`, as a split's frame must be (see above). */
export const receiptsLastAndEmpty = (frame: unknown): boolean => {
  if (typeof frame !== 'object' || frame === null) return false;
  const receipts = (frame as Record<string, unknown>)['receipts'];
  return Object.keys(frame).at(-1) === 'receipts' && Array.isArray(receipts) && receipts.length === 0;
};

/**
 * The receipt indexes finishBundle reads besides each key's last: the last one each checkpoint covers, and
 * the one after it. Whoever checks receipts apart from the whole bundle keeps these for it.
 */
export const wantedIndexes = (checkpoints: readonly string[]): number[] =>
  checkpoints.flatMap((note) => {
    const size = claimedSize(note);
    return size > 0 ? [size - 1, size] : [];
  });

/** The tree size a checkpoint note claims (its second line), unverified; 0 when it claims none. */
export const claimedSize = (note: string | undefined): number => {
  const size = Number(note?.split('\n', 2)[1]);
  return Number.isSafeInteger(size) && size > 0 ? size : 0;
};
