import { describe, expect, it } from 'vitest';
import { memoized } from './memo.ts';

describe('memoized', () => {
  it('computes a key once, and starts over when it holds `limit` keys', () => {
    const calls: string[] = [];
    const upper = memoized(2, (k) => {
      calls.push(k);
      return k.toUpperCase();
    });
    expect([upper('a'), upper('a'), upper('b'), upper('b')]).toEqual(['A', 'A', 'B', 'B']);
    expect(calls).toEqual(['a', 'b']);
    // A third key empties the memo first: a and b are computed again when next asked for.
    expect(upper('c')).toBe('C');
    expect(upper('c')).toBe('C');
    expect(upper('a')).toBe('A');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
