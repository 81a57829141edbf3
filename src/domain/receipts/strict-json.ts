/**
 * Strict JSON for evidence: JSON.parse (RFC 8259) plus what it lets through and a verifier must not. A
 * byte-order mark, a member name twice in one object (JSON.parse keeps the last, so a receipt could carry
 * two signatures and show either), and a lone UTF-16 surrogate written as an escape (not a Unicode
 * string, so its UTF-8 is undefined). strictJsonProblem checks a text before JSON.parse (the HTTP body
 * parser); parseStrictJson checks one that JSON.parse accepted, with a lighter pass (parsedTextProblem).
 */
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const isHigh = (u: number): boolean => u >= 0xd800 && u <= 0xdbff;
const isLow = (u: number): boolean => u >= 0xdc00 && u <= 0xdfff;

/** The end (index after the closing quote) of the string opening at `start`, or a problem. */
const scanString = (text: string, start: number): number | string => {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return 'an unterminated string';
    let j = i;
    for (; j < q; j++) {
      const c = text.charCodeAt(j);
      if (c === BACKSLASH) break;
      // Raw lone surrogates cannot come from UTF-8, but a string handed in directly may hold one.
      if (c >= 0xd800 && c <= 0xdfff) {
        if (!(isHigh(c) && isLow(text.charCodeAt(j + 1)))) return 'a lone surrogate';
        j++;
      }
    }
    if (j >= q) return q + 1;
    // An escape at j: \uXXXX may be half of a surrogate pair; any other escape is two characters.
    if (text.charCodeAt(j + 1) !== 0x75) {
      i = j + 2;
      continue;
    }
    const u = Number.parseInt(text.slice(j + 2, j + 6), 16);
    if (isLow(u)) return 'a lone surrogate escape';
    if (isHigh(u)) {
      const next = text.startsWith('\\u', j + 6) ? Number.parseInt(text.slice(j + 8, j + 12), 16) : NaN;
      if (!isLow(next)) return 'a lone surrogate escape';
      i = j + 12;
    } else i = j + 6;
  }
};

/** The first problem JSON.parse would not report, or null. The text must also pass JSON.parse. */
export const strictJsonProblem = (text: string): string | null => {
  if (text.charCodeAt(0) === 0xfeff) return 'the text starts with a byte-order mark';
  // One entry per open container: the member names seen so far (objects), or null (arrays).
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = scanString(text, i);
      if (typeof end === 'string') return end;
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        const raw = text.slice(i + 1, end - 1);
        const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.has(name)) return `the member name "${name.slice(0, 40)}" appears twice in one object`;
        top.add(name);
      }
      expectKey = false;
      i = end;
      continue;
    }
    if (c === 0x7b) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === 0x5b) {
      stack.push(null);
      expectKey = false;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c) {
      expectKey = stack[stack.length - 1] instanceof Set;
    } else if (c === BACKSLASH) {
      return 'a backslash outside a string';
    }
    i++;
  }
  return null;
};

const SURROGATE = /[\ud800-\udfff]/;
const COLON = 0x3a;

/** Own members of every object in a parsed value (iterative: a deeply nested value cannot overflow the stack). */
const memberCount = (value: unknown): number => {
  let n = 0;
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v as unknown[]) if (typeof x === 'object' && x !== null) todo.push(x);
      continue;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      n++;
      const x = o[k];
      if (typeof x === 'object' && x !== null) todo.push(x);
    }
  }
  return n;
};

/**
 * The rules above for a text JSON.parse accepted and that holds no raw surrogate, in one indexOf pass:
 * strings without a backslash are skipped whole (one with one goes through scanString, for its escapes),
 * and members are counted (a member name is the one string a colon follows). A name twice in one object
 * makes that object one member short once parsed, and no object has more members parsed than written,
 * so the two counts agree exactly when no name repeats; when they differ the full scan names the member.
 */
const parsedTextProblem = (text: string, value: unknown): string | null => {
  let members = 0;
  let backslash = text.indexOf('\\');
  for (let i = text.indexOf('"'); i >= 0;) {
    let end = text.indexOf('"', i + 1) + 1;
    if (backslash >= 0 && backslash < end) {
      const scanned = scanString(text, i);
      if (typeof scanned === 'string') return scanned;
      end = scanned;
      backslash = text.indexOf('\\', end);
    }
    let c = text.charCodeAt(end);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++end);
    if (c === COLON) members++;
    i = text.indexOf('"', end);
  }
  if (members === memberCount(value)) return null;
  return strictJsonProblem(text) ?? 'a member name appears twice in one object';
};

/** JSON.parse, then the rules above; `wellFormed`: the text came from UTF-8, so it holds no lone surrogate. */
const parseChecked = (text: string, wellFormed: boolean): Result<unknown, string> => {
  if (text.charCodeAt(0) === 0xfeff) return err('the text starts with a byte-order mark');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return err('not JSON');
  }
  const problem = wellFormed || !SURROGATE.test(text) ? parsedTextProblem(text, value) : strictJsonProblem(text);
  return problem === null ? ok(value) : err(problem);
};

/** Parses JSON text strictly: JSON.parse's grammar, then the rules above. */
export const parseStrictJson = (text: string): Result<unknown, string> => parseChecked(text, false);

/** UTF-8 to text, keeping a byte-order mark (so it can be refused); null when not UTF-8. */
export const decodeUtf8 = (bytes: Uint8Array): string | null => {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
};

const NON_ASCII = /[\x80-\xff]+/g;
const BOM = [0xef, 0xbb, 0xbf];
/** Below this many characters a region holding non-ASCII is rewritten by the regular expression. */
const SMALL_REGION = 4096;

/**
 * UTF-8 as ASCII JSON text with the same value, or null when not UTF-8: the bytes read as Latin-1 (one
 * character each), every run of non-ASCII bytes decoded (fatally) and written as \u escapes. UTF-8 never
 * puts an ASCII byte inside a character, so the bytes are UTF-8 exactly when each run is. Outside a string
 * such a character is no JSON either way; inside one its escapes parse to the same string, and UTF-8 holds
 * no lone surrogate to escape. V8 keeps ASCII text one byte per character and parses it about twice as
 * fast, so a bundle of ASCII receipts whose signed notes hold a few em dashes is not parsed as two-byte text.
 *
 * Where the runs are is found by halving: a Latin-1 region is ASCII exactly when its UTF-8 length
 * (Buffer.byteLength, native) equals its length, and only small regions that are not go through the
 * regular expression, which would otherwise read every character. No cut falls inside a run (a cut moves
 * past non-ASCII characters), so each run is rewritten whole, as one replace over the text would.
 */
const asciiJsonText = (bytes: Uint8Array): string | null => {
  let valid = true;
  const escape = (run: string): string => {
    const decoded = decodeUtf8(Buffer.from(run, 'latin1'));
    if (decoded === null) {
      valid = false;
      return '';
    }
    let out = '';
    for (let i = 0; i < decoded.length; i++) out += `\\u${decoded.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  };
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  // `extra`: UTF-8 bytes over characters in [lo, hi), one per non-ASCII character.
  const rewrite = (lo: number, hi: number, extra: number): string => {
    if (extra === 0) return latin1.slice(lo, hi);
    if (hi - lo <= SMALL_REGION) return latin1.slice(lo, hi).replace(NON_ASCII, escape);
    let mid = (lo + hi) >>> 1;
    while (mid < hi && latin1.charCodeAt(mid) >= 0x80) mid++;
    if (mid === hi) return latin1.slice(lo, hi).replace(NON_ASCII, escape);
    const left = Buffer.byteLength(latin1.slice(lo, mid), 'utf8') - (mid - lo);
    return rewrite(lo, mid, left) + rewrite(mid, hi, extra - left);
  };
  const text = rewrite(0, latin1.length, Buffer.byteLength(latin1, 'utf8') - latin1.length);
  return valid ? text : null;
};

/** UTF-8 bytes to strict JSON: invalid UTF-8 is refused too. */
export const parseStrictJsonBytes = (bytes: Uint8Array): Result<unknown, string> => {
  const text = asciiJsonText(bytes);
  if (text === null) return err('not UTF-8');
  if (BOM.every((b, i) => bytes[i] === b)) return err('the text starts with a byte-order mark');
  return parseChecked(text, true);
};

/**
 * The UTF-8 bytes of an array's elements, comma-separated (a piece of a bundle's receipts, bundle-split.ts),
 * as the array: the same as parseStrictJsonBytes of the bytes between `[` and `]`, without copying them.
 */
export const parseStrictJsonElements = (bytes: Uint8Array): Result<unknown, string> => {
  const text = asciiJsonText(bytes);
  return text === null ? err('not UTF-8') : parseChecked(`[${text}]`, true);
};

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A pointer segment; a lone surrogate in it is shown as its escape, so the pointer prints. */
const pointerPart = (key: string): string =>
  key
    .replaceAll('~', '~0')
    .replaceAll('/', '~1')
    .replace(new RegExp(LONE_SURROGATE.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16)}`);

/**
 * The JSON pointer of the first string (member name or value) in a parsed value that is not well-formed
 * Unicode (holds a lone surrogate), or null. A member name at fault is pointed at as that member.
 */
export const illFormedStringPath = (value: unknown, at = ''): string | null => {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? (at === '' ? '/' : at) : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = illFormedStringPath(value[i], `${at}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const here = `${at}/${pointerPart(k)}`;
      if (LONE_SURROGATE.test(k)) return here;
      const found = illFormedStringPath(v, here);
      if (found !== null) return found;
    }
  }
  return null;
};
