/**
 * RFC 8785 JSON Canonicalization Scheme (JCS). Used wherever bytes are hashed or signed.
 * - object members sorted by their names' UTF-16 code units;
 * - numbers serialized as ECMAScript Number.prototype.toString does (RFC 8785 section 3.2.2.3);
 * - strings with the minimal escaping of JSON.stringify (RFC 8785 section 3.2.2.2);
 * - no whitespace. Non-finite numbers and non-JSON values are rejected.
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue };

export const canonicalize = (value: unknown): string => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('RFC 8785: non-finite numbers cannot be serialized');
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v: unknown) => canonicalize(v)).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      // Default sort compares UTF-16 code units, which is what RFC 8785 requires.
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalize(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`RFC 8785: cannot serialize a value of type ${typeof value}`);
  }
};

export const canonicalBytes = (value: unknown): Uint8Array => new TextEncoder().encode(canonicalize(value));
