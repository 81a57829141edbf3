/**
 * Prefixed, time-sortable ids: `cus_` + 26 Crockford base32 characters (ULID layout: 48-bit
 * millisecond time, 80 random bits). Ids minted in the same millisecond by one process stay in
 * order because the random part is incremented instead of redrawn.
 */
type IdPrefix =
  | 'cus'
  | 'key'
  | 'ctr'
  | 'prc'
  | 'rcpt'
  | 'evt'
  | 'cert'
  | 'dep'
  | 'lst'
  | 'req'
  | 'chk'
  | 'ntf'
  | 'whe'
  | 'ins'
  | 'rev';

/** Crockford base32 in lower case, the case ids are written in. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

let lastTime = -1;
const lastRandom = new Uint8Array(10);

// Drawn from the system's CSPRNG a kilobyte at a time: one call per id cost more than the id's encoding.
const pool = new Uint8Array(1024);
let poolAt = pool.length;
const drawRandom = (out: Uint8Array): void => {
  if (poolAt + out.length > pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  out.set(pool.subarray(poolAt, poolAt + out.length));
  poolAt += out.length;
};

/** `count` base32 characters of the non-negative integer `value` (below 2^53), most significant first. */
const base32 = (value: number, count: number): string => {
  let out = '';
  let v = value;
  for (let i = 0; i < count; i++) {
    out = ALPHABET.charAt(v % 32) + out;
    v = Math.floor(v / 32);
  }
  return out;
};

/** 80 bits -> 16 characters: two 40-bit halves of 8 characters each, exact in doubles (no BigInt). */
const encodeRandom = (b: Uint8Array): string => {
  const byte = (i: number): number => b[i] ?? 0;
  const half = (at: number): number =>
    byte(at) * 2 ** 32 + (((byte(at + 1) << 24) | (byte(at + 2) << 16) | (byte(at + 3) << 8) | byte(at + 4)) >>> 0);
  return base32(half(0), 8) + base32(half(5), 8);
};

const increment = (bytes: Uint8Array): void => {
  for (let i = bytes.length - 1; i >= 0; i--) {
    const v = bytes[i] ?? 0;
    if (v < 255) {
      bytes[i] = v + 1;
      return;
    }
    bytes[i] = 0;
  }
};

export const newId = (prefix: IdPrefix, nowMs: number): string => {
  if (nowMs === lastTime) {
    increment(lastRandom);
  } else {
    drawRandom(lastRandom);
    lastTime = nowMs;
  }
  return `${prefix}_${base32(nowMs, 10)}${encodeRandom(lastRandom)}`;
};

const ID_PATTERN = /^[a-z]+_[0-9a-hjkmnp-tv-z]{26}$/;
export const isId = (prefix: IdPrefix, value: string): boolean =>
  value.startsWith(`${prefix}_`) && ID_PATTERN.test(value);

/** The millisecond an id was minted, for diagnostics and sorting checks. */
export const timeOfId = (id: string): number => {
  const body = id.slice(id.indexOf('_') + 1, id.indexOf('_') + 11).toLowerCase();
  let t = 0;
  for (const ch of body) t = t * 32 + ALPHABET.indexOf(ch);
  return t;
};

/** The id right after `id` in sort order (its last base32 digit plus one, with carry), same prefix. */
export const successorId = (id: string): string => {
  const cut = id.indexOf('_') + 1;
  const digits = id.slice(cut).split('');
  for (let i = digits.length - 1; i >= 0; i--) {
    const v = ALPHABET.indexOf(digits[i] ?? '0');
    if (v < 31) {
      digits[i] = ALPHABET.charAt(v + 1);
      return id.slice(0, cut) + digits.join('');
    }
    digits[i] = '0';
  }
  throw new RangeError(`no id after ${id}`);
};
