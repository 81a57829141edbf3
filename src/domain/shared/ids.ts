/**
 * Prefixed, time-sortable ids: `cus_` + 26 Crockford base32 characters (ULID layout: 48-bit
 * millisecond time, 80 random bits). Ids minted in the same millisecond by one process stay in
 * order because the random part is incremented instead of redrawn.
 */
export const ID_PREFIXES = ['cus', 'key', 'ctr', 'prc', 'rcpt', 'evt', 'cert', 'dep', 'lst', 'req', 'chk'] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

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

const encodeTime = (ms: number): string => {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET.charAt(t % 32) + out;
    t = Math.floor(t / 32);
  }
  return out;
};

const encodeRandom = (bytes: Uint8Array): string => {
  // 80 bits -> 16 base32 characters, most significant first.
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = ALPHABET.charAt(Number(bits & 31n)) + out;
    bits >>= 5n;
  }
  return out;
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
  return `${prefix}_${encodeTime(nowMs)}${encodeRandom(lastRandom)}`.toLowerCase();
};

const ID_PATTERN = /^[a-z]+_[0-9a-hjkmnp-tv-z]{26}$/;
export const isId = (prefix: IdPrefix, value: string): boolean =>
  value.startsWith(`${prefix}_`) && ID_PATTERN.test(value);

/** The millisecond an id was minted, for diagnostics and sorting checks. */
export const timeOfId = (id: string): number => {
  const body = id.slice(id.indexOf('_') + 1, id.indexOf('_') + 11).toUpperCase();
  let t = 0;
  for (const ch of body) t = t * 32 + ALPHABET.indexOf(ch);
  return t;
};
