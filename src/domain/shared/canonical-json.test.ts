/** RFC 8785 canonicalization against the cyberphone/json-canonicalization vectors, plus properties. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalBytes, canonicalize } from './canonical-json.ts';

// Vectors: https://github.com/cyberphone/json-canonicalization (testdata/), see test/fixtures/rfc8785/SOURCE.md.
const dir = new URL('../../../test/fixtures/rfc8785/testdata/', import.meta.url);
const names = readdirSync(new URL('input/', dir)).filter((n) => n.endsWith('.json'));

const hexBytes = (txt: string): Uint8Array => Uint8Array.from(txt.split(/\s+/).filter(Boolean), (h) => parseInt(h, 16));

describe('canonicalize: RFC 8785 test vectors', () => {
  it('has the six published vectors', () => {
    expect(names.sort()).toEqual([
      'arrays.json',
      'french.json',
      'structures.json',
      'unicode.json',
      'values.json',
      'weird.json',
    ]);
  });

  for (const name of names) {
    it(`${name}: bytes equal output/ and outhex/`, () => {
      const input: unknown = JSON.parse(readFileSync(new URL(`input/${name}`, dir), 'utf8'));
      const want = new Uint8Array(readFileSync(new URL(`output/${name}`, dir)));
      const got = canonicalBytes(input);
      expect(Buffer.from(got).toString('hex')).toBe(Buffer.from(want).toString('hex'));
      const hex = readFileSync(new URL(`outhex/${name.replace(/\.json$/, '.txt')}`, dir), 'utf8');
      expect(got).toEqual(hexBytes(hex));
    });
  }
});

describe('canonicalize: rules', () => {
  it('sorts member names by UTF-16 code units, not by code point', () => {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB33 by code unit.
    expect(canonicalize({ '\ufb33': 1, '\u{1f600}': 2, a: 3, B: 4 })).toBe('{"B":4,"a":3,"\u{1f600}":2,"\ufb33":1}');
  });

  it('serializes numbers like ECMAScript, with -0 as 0', () => {
    expect(canonicalize([-0, 1e21, 1e-7, 0.1 + 0.2, 5e-324, -1.5e300, 100])).toBe(
      '[0,1e+21,1e-7,0.30000000000000004,5e-324,-1.5e+300,100]',
    );
  });

  it('escapes control characters minimally and leaves other characters raw', () => {
    expect(canonicalize('\u0000\u001f\b\t\n\f\r"\\/\u007f\u2028é')).toBe(
      '"\\u0000\\u001f\\b\\t\\n\\f\\r\\"\\\\/\u007f\u2028é"',
    );
  });

  it('drops undefined members and rejects values JSON cannot carry', () => {
    expect(canonicalize({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalize(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalize(Infinity)).toThrow(TypeError);
    expect(() => canonicalize(10n)).toThrow(TypeError);
    expect(() => canonicalize([undefined])).toThrow(TypeError);
    expect(() => canonicalize({ f: () => 1 })).toThrow(TypeError);
  });

  it('rejects lone surrogates in values and in member names, accepts pairs', () => {
    expect(() => canonicalize('\ud800')).toThrow(/lone surrogate/);
    expect(() => canonicalize('a\udc00b')).toThrow(/lone surrogate/);
    expect(() => canonicalize({ ['\ud83d']: 1 })).toThrow(/lone surrogate/);
    expect(canonicalize('\ud83d\ude02')).toBe('"😂"');
  });

  it('encodes as UTF-8', () => {
    expect(Buffer.from(canonicalBytes({ '€': 'ö' })).toString('hex')).toBe('7b22e282ac223a22c3b6227d');
  });
});

describe('canonicalize: properties', () => {
  const json = fc.jsonValue();

  it('round-trips: parsing the canonical text gives an equal value, and re-canonicalizing is a fixed point', () => {
    fc.assert(
      fc.property(json, (v) => {
        const text = canonicalize(v);
        const back: unknown = JSON.parse(text);
        expect(back).toEqual(JSON.parse(JSON.stringify(v)));
        expect(canonicalize(back)).toBe(text);
      }),
    );
  });

  it('does not depend on member insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalize(reversed)).toBe(canonicalize(obj));
      }),
    );
  });

  it('has no whitespace outside strings', () => {
    fc.assert(
      fc.property(json, (v) => {
        const outside = canonicalize(v).replace(/"(?:[^"\\]|\\.)*"/g, '');
        expect(outside).not.toMatch(/\s/);
      }),
    );
  });
});
