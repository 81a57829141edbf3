/**
 * Malformed values per field type, each as the JSON text (body) or the raw URL text (query, path) that is
 * sent, so values JSON.stringify cannot write (1e400, a lone surrogate escape) reach the server as such.
 */

/** For string fields: broken Unicode, controls, bidirectional overrides, path tricks, dates, sizes. */
export const STRING_FRAGMENTS: readonly string[] = [
  '"\\ud800"',
  '"a\\udc00b"',
  '"\\udbff\\udbff"',
  '"x\\u0000y"',
  '"\\u0007"',
  '"line\\nbreak\\ttab"',
  '"\\u001b[31m"',
  '"\\u007f"',
  '"\\u0085"',
  '"\\u202eevil"',
  '"a\\u202ab"',
  '"\\u2066x\\u2069"',
  '"\\ufeffbom"',
  '"\\uffff"',
  '"😀 ok"',
  '"é decomposed: e\\u0301"',
  '""',
  '" "',
  '"."',
  '".."',
  '"../../etc/passwd"',
  '"%ff"',
  '"%"',
  '"a/b?c#d"',
  '"2026-13-01"',
  '"2026-00-10"',
  '"0000-00-00"',
  '"2026-02-30"',
  '"2026-06-30T23:59:60Z"',
  '"2026-13-01T00:00:00Z"',
  '"1e400"',
  '"NaN"',
  `"${'x'.repeat(5000)}"`,
  '1e400',
  '-1e400',
  '0',
  'true',
  'null',
  '[]',
  '{}',
];

/** For number fields: non-finite, huge, fractional, negative, and the wrong types. */
export const NUMBER_FRAGMENTS: readonly string[] = [
  '1e400',
  '-1e400',
  '1e308',
  '-1',
  '0',
  '0.5',
  '-0',
  '1e-400',
  '9007199254740993',
  '4294967296',
  '"1"',
  '"\\ud800"',
  'null',
  'true',
  '[]',
  '{}',
];

export const BOOLEAN_FRAGMENTS: readonly string[] = ['"true"', '0', '1', 'null', '"\\ud800"', '[]', '1e400'];

/** Replaces a whole body: not JSON, strict-JSON violations, wrong top-level types. */
export const BODY_TEXTS: readonly string[] = [
  '"\\ud800"',
  '[]',
  '1e400',
  'null',
  '{"a":1,"a":2}',
  '\ufeff{}',
  '{',
  '{"x":"\\ud800"}',
  '{"\\ud800":1}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
];

/** For query parameters, as raw URL text (already percent-encoded where needed). */
export const QUERY_VALUES: readonly string[] = [
  '%ED%A0%80',
  '%ff',
  '%',
  '%zz',
  '%00',
  '%E2%80%AE',
  '1e400',
  '-1e400',
  '-1',
  '0',
  '0.5',
  'NaN',
  'Infinity',
  '9007199254740993',
  '2026-06-30T23:59:60Z',
  '2026-13-01T00:00:00Z',
  '0000-00-00T00:00:00Z',
  '2026-02-30',
  '..',
  '',
  'true',
  'x'.repeat(3000),
];

/** For path parameters, as raw URL text. */
export const PATH_VALUES: readonly string[] = [
  '.',
  '..',
  '%2e%2e',
  '%2E',
  '%ff',
  '%',
  '%00',
  '%ED%A0%80',
  '%E2%80%AE',
  'a%2Fb',
  'x'.repeat(150),
  'x'.repeat(5000),
  'cus_00000000000000000000000000',
  'dep_zzzzzzzzzzzzzzzzzzzzzzzzzz',
];

/** Idempotency keys and other header values a client can send (visible ASCII only reaches the server). */
export const HEADER_VALUES: readonly string[] = ['', ' ', 'x'.repeat(300), '%ff', '"quoted"', 'a,b'];
