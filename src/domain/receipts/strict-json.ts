/**
 * Strict JSON for evidence: JSON.parse (RFC 8259) plus what it lets through and a verifier must not. A
 * byte-order mark, a member name twice in one object (JSON.parse keeps the last, so a receipt could carry
 * two signatures and show either), and a lone UTF-16 surrogate written as an escape (not a Unicode
 * string, so its UTF-8 is undefined). One pass over the text before JSON.parse; strings are skipped with
 * indexOf, so the scan costs a small fraction of parsing.
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

/** Parses JSON text strictly: JSON.parse's grammar, then the rules above. */
export const parseStrictJson = (text: string): Result<unknown, string> => {
  if (text.charCodeAt(0) === 0xfeff) return err('the text starts with a byte-order mark');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return err('not JSON');
  }
  const problem = strictJsonProblem(text);
  return problem === null ? ok(value) : err(problem);
};

/** UTF-8 to text, keeping a byte-order mark (so it can be refused); null when not UTF-8. */
export const decodeUtf8 = (bytes: Uint8Array): string | null => {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
};

/** UTF-8 bytes to strict JSON: invalid UTF-8 is refused too. */
export const parseStrictJsonBytes = (bytes: Uint8Array): Result<unknown, string> => {
  const text = decodeUtf8(bytes);
  return text === null ? err('not UTF-8') : parseStrictJson(text);
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
