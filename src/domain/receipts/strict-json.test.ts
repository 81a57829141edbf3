/** Strict JSON: what JSON.parse lets through and evidence must not, refused with the reason; the rest parses as JSON.parse does. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  illFormedStringPath,
  parseStrictJson,
  parseStrictJsonBytes,
  parseStrictJsonElements,
  strictJsonProblem,
} from './strict-json.ts';

const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');

describe('strict JSON', () => {
  it('refuses a member name twice in one object, however it is escaped', () => {
    expect(parseStrictJson('{"signature":"a","body":{},"signature":"b"}')).toEqual({
      ok: false,
      error: 'the member name "signature" appears twice in one object',
    });
    expect(parseStrictJson('{"a":1,"\\u0061":2}').ok).toBe(false);
    expect(parseStrictJson('[{"a":1},{"a":2}]').ok).toBe(true);
    expect(parseStrictJson('{"a":{"a":1},"b":[{"a":1,"b":2}]}').ok).toBe(true);
    expect(parseStrictJson('{"x":[{"a":1,"a":2}]}').ok).toBe(false);
  });

  it('refuses a byte-order mark, lone surrogate escapes and invalid UTF-8', () => {
    expect(parseStrictJsonBytes(Buffer.from('\ufeff{}', 'utf8'))).toEqual({
      ok: false,
      error: 'the text starts with a byte-order mark',
    });
    expect(parseStrictJson('"\\ud800"').ok).toBe(false);
    expect(parseStrictJson('"\\udc00\\ud800"').ok).toBe(false);
    expect(parseStrictJson('"\\ud83d\\ude00"')).toEqual({ ok: true, value: '\u{1f600}' });
    expect(parseStrictJsonBytes(Uint8Array.of(0x22, 0xff, 0x22))).toEqual({ ok: false, error: 'not UTF-8' });
    expect(parseStrictJson('{"a":')).toEqual({ ok: false, error: 'not JSON' });
  });

  it('parses whatever has none of those exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        const r = parseStrictJson(text);
        expect(r.ok && JSON.stringify(r.value)).toBe(JSON.stringify(JSON.parse(text)));
      }),
    );
  });

  it('points at the first string that is not well-formed Unicode, member names included', () => {
    expect(illFormedStringPath({ receipts: [{ body: { id: 'a' } }, { body: { kind: 'x\ud800' } }] })).toBe(
      '/receipts/1/body/kind',
    );
    expect(illFormedStringPath({ 'a/b': { '\udc00': 1 } })).toBe('/a~1b/\\udc00');
    expect(illFormedStringPath('\ud800')).toBe('/');
    expect(illFormedStringPath({ ok: '\u{1f600}', n: 1, z: null })).toBeNull();
    // Oracle: encodeURIComponent throws URIError exactly on a lone surrogate.
    const wellFormed = (s: string): boolean => {
      try {
        encodeURIComponent(s);
        return true;
      } catch {
        return false;
      }
    };
    const units = fc.string({ unit: fc.integer({ min: 0xd7fe, max: 0xe001 }).map((u) => String.fromCharCode(u)) });
    fc.assert(
      fc.property(units, (s) => {
        expect(illFormedStringPath({ k: [1, s] })).toBe(wellFormed(s) ? null : '/k/1');
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the full scan on texts whose objects may repeat a name, as text and as UTF-8', () => {
    // Objects written member by member from a small name pool, so names repeat; escapes and non-ASCII included.
    const name = fc.constantFrom('a', 'b', '\\u0061', 'é', '\\"', '__proto__', '1', '\u{1f600}');
    const { text } = fc.letrec<{ text: string }>((tie) => ({
      text: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('1', 'null', '"x"', '"\\u00e9\u2014"', '[]', '{}'),
        fc.array(tie('text'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
        fc
          .array(fc.tuple(name, tie('text')), { maxLength: 4 })
          .map((ms) => `{${ms.map(([k, v]) => `"${k}" : ${v}`).join(', ')}}`),
      ),
    }));
    fc.assert(
      fc.property(text, (t) => {
        const want = strictJsonProblem(t);
        expect(parseStrictJson(t)).toEqual(
          want === null ? { ok: true, value: JSON.parse(t) } : { ok: false, error: want },
        );
        expect(parseStrictJsonBytes(Buffer.from(t, 'utf8'))).toEqual(parseStrictJson(t));
        // As the elements of an array, alone and twice (a piece of receipts): the bracketed text's verdict.
        for (const elements of [t, `${t},${t}`, `\ufeff${t}`])
          expect(parseStrictJsonElements(Buffer.from(elements, 'utf8'))).toEqual(
            parseStrictJsonBytes(Buffer.from(`[${elements}]`, 'utf8')),
          );
      }),
      { numRuns: 500 },
    );
  });
  it('reads long UTF-8 the same wherever its non-ASCII runs and invalid bytes fall', () => {
    // Long enough that the non-ASCII runs are found by halving the text (past 4,096 characters), with runs
    // of every length, some longer than the regions, at random places, and sometimes one byte flipped.
    const part = fc.oneof(
      fc.integer({ min: 0, max: 6000 }).map((n) => 'a'.repeat(n)),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.integer({ min: 1, max: 5000 }).map((n) => 'é\u2014'.repeat(n)),
    );
    const flip = fc.option(fc.tuple(fc.nat(), fc.constantFrom(0x80, 0xbf, 0xc0, 0xff)));
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 8 }), flip, (parts, f) => {
        const bytes = Buffer.from(JSON.stringify(parts), 'utf8');
        if (f !== null) bytes[f[0] % bytes.length] = f[1];
        const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
        const utf8 = Buffer.from(text, 'utf8').equals(bytes);
        const want = utf8 ? parseStrictJson(text) : { ok: false, error: 'not UTF-8' };
        expect(parseStrictJsonBytes(bytes)).toEqual(want);
        const elements = bytes.subarray(1, bytes.length - 1);
        expect(parseStrictJsonElements(elements)).toEqual(parseStrictJsonBytes(Buffer.concat([OPEN, elements, CLOSE])));
      }),
      { numRuns: 200 },
    );
  });
});
