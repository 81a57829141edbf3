import { Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loneSurrogatePath } from './body.ts';
import { harden, isCalendarDate, isInstant, textProblem } from './validation.ts';

describe('text rules', () => {
  it('refuses lone surrogates under either rule and keeps pairs', () => {
    for (const rule of ['strict', 'prose'] as const) {
      expect(textProblem('\ud800', rule)).toMatch(/lone surrogate/);
      expect(textProblem('a\udc00', rule)).toMatch(/lone surrogate/);
      expect(textProblem('😀', rule)).toBeNull();
    }
  });

  it('refuses controls and bidirectional overrides in strict text, keeps tab and line breaks in prose', () => {
    for (const c of [
      '\u0000',
      '\u0007',
      '\n',
      '\t',
      '\u007f',
      '\u0085',
      '\u202a',
      '\u202e',
      '\u2066',
      '\u2069',
      '\ufeff',
    ]) {
      expect(textProblem(`a${c}b`, 'strict'), JSON.stringify(c)).not.toBeNull();
    }
    for (const c of ['\t', '\n', '\r', '\u202e', '\u2067']) expect(textProblem(`a${c}b`, 'prose')).toBeNull();
    for (const c of ['\u0000', '\u0008', '\u000b', '\u001b', '\u007f'])
      expect(textProblem(`a${c}b`, 'prose')).not.toBeNull();
    expect(textProblem('Zoë, Ünal & 東京 (مرحبا)', 'strict')).toBeNull();
  });

  it('finds a lone surrogate exactly when a generated string has one', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        const lone = [...s].some((c) => c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff);
        return (textProblem(s, 'prose')?.includes('lone surrogate') ?? false) === lone;
      }),
      { numRuns: 100, seed: 13 },
    );
  });

  it('finds the JSON pointer of a lone surrogate in a value or a member name', () => {
    expect(loneSurrogatePath({ a: [{ b: 'ok' }, { c: 'x\ud800' }] })).toBe('/a/1/c');
    expect(loneSurrogatePath({ 'a/b': { '\udc00': 1 } })).toBe('/a~1b/\udc00');
    expect(loneSurrogatePath({ a: '😀' })).toBeNull();
  });
});

describe('dates', () => {
  it('accepts only real calendar days', () => {
    for (const d of ['2026-01-01', '2024-02-29', '2026-12-31']) expect(isCalendarDate(d), d).toBe(true);
    for (const d of ['2026-13-01', '2026-00-10', '0000-00-00', '2026-02-30', '2025-02-29', '2026-1-01', '2026-04-31']) {
      expect(isCalendarDate(d), d).toBe(false);
    }
  });

  it('accepts RFC 3339 instants and refuses leap seconds and impossible days', () => {
    for (const t of ['2026-06-30T23:59:59Z', '2026-01-15T09:30:00.000Z', '2026-01-15T09:30:00+05:30']) {
      expect(isInstant(t), t).toBe(true);
    }
    for (const t of [
      '2026-06-30T23:59:60Z',
      '2026-13-01T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01',
    ]) {
      expect(isInstant(t), t).toBe(false);
    }
  });
});

describe('harden', () => {
  it('refuses to register a numeric field without a maximum, naming it', () => {
    expect(() => harden(Type.Object({ n: Type.Object({ m: Type.Integer({ minimum: 0 }) }) }))).toThrow(/\/n\/m/);
    expect(() => harden(Type.Object({ n: Type.Integer({ maximum: 5 }) }))).not.toThrow();
  });

  it('gives every string its text rule, prose only where marked', () => {
    const s = harden(Type.Object({ a: Type.String(), b: Type.String({ 'x-tai-text': 'prose' }) })) as {
      properties: Record<string, { taiText?: string }>;
    };
    expect(s.properties['a']?.taiText).toBe('strict');
    expect(s.properties['b']?.taiText).toBe('prose');
  });
});
