import { describe, expect, it } from 'vitest';
import { decodeRow, encodeRow, TableDigest } from './rows.ts';

describe('backup rows', () => {
  it('round-trips strings, numbers and nulls as one canonical line', () => {
    const line = encodeRow('t', ['a', 'b', 'c'], ['x "y"\n', 42, null]);
    expect(line).toBe('["x \\"y\\"\\n",42,null]');
    expect(decodeRow(line, 3)).toEqual(['x "y"\n', 42, null]);
  });

  it('names the column of a value no store gives back alike', () => {
    expect(() => encodeRow('t', ['a', 'blob'], ['x', Buffer.from('y')])).toThrow(
      'table t, column blob: a value of type Buffer, which a backup cannot carry',
    );
    expect(() => encodeRow('t', ['flag'], [true])).toThrow('column flag: a value of type boolean');
  });

  it('says why a line is not a row', () => {
    expect(decodeRow('[1,2', 2)).toBe('a line is not JSON');
    expect(decodeRow('[1]', 2)).toBe('a line is not an array of 2 values');
    expect(decodeRow('[1,{}]', 2)).toBe('a line holds a value of type Object');
  });

  it('hashes the same lines the same however they are batched', () => {
    const one = new TableDigest();
    one.update('[1]\n[2]\n', 2);
    const two = new TableDigest();
    two.update('[1]\n', 1);
    two.update('[2]\n', 1);
    expect([one.rows, one.finish()]).toEqual([two.rows, two.finish()]);
  });
});
