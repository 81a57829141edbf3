/**
 * RFC 8785 JSON Canonicalization Scheme (JCS). Used wherever bytes are hashed or signed.
 * - object members sorted by their names' UTF-16 code units;
 * - numbers serialized as ECMAScript Number.prototype.toString does (RFC 8785 section 3.2.2.3);
 * - strings with the minimal escaping of JSON.stringify (RFC 8785 section 3.2.2.2);
 * - no whitespace. Non-finite numbers, non-JSON values and strings holding a lone UTF-16 surrogate
 *   (not valid Unicode, so not I-JSON, RFC 8785 section 3.1) are rejected.
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue };

// In a `u` regex a surrogate pair is one code point, so this matches only unpaired surrogates. It is
// slow, so it runs only on strings that hold a surrogate at all (the plain UTF-16 range test).
const LONE_SURROGATE = /\p{Cs}/u;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

const quote = (s: string): string => {
  if (ANY_SURROGATE.test(s) && LONE_SURROGATE.test(s))
    throw new TypeError('RFC 8785: strings must be valid Unicode (lone surrogate)');
  return JSON.stringify(s);
};

export const canonicalize = (value: unknown): string => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('RFC 8785: non-finite numbers cannot be serialized');
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      return quote(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v: unknown) => canonicalize(v)).join(',')}]`;
      const record = value as Record<string, unknown>;
      // The default sort compares UTF-16 code units, which is what RFC 8785 requires.
      const keys = Object.keys(record).sort();
      let out = '';
      for (const k of keys) {
        const v = record[k];
        if (v === undefined) continue;
        out += `${out === '' ? '' : ','}${quote(k)}:${canonicalize(v)}`;
      }
      return `{${out}}`;
    }
    default:
      throw new TypeError(`RFC 8785: cannot serialize a value of type ${typeof value}`);
  }
};

const UTF8 = new TextEncoder();
export const canonicalBytes = (value: unknown): Uint8Array => UTF8.encode(canonicalize(value));
