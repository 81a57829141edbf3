import { describe, expect, it } from 'vitest';
import { isId, newId, timeOfId } from './ids.ts';

describe('ids', () => {
  it('are prefixed, well-formed and carry their time', () => {
    const t = Date.UTC(2026, 10, 25, 12, 0, 0);
    const id = newId('cus', t);
    expect(isId('cus', id)).toBe(true);
    expect(isId('key', id)).toBe(false);
    expect(timeOfId(id)).toBe(t);
  });

  it('sort by time, and stay in mint order within one millisecond', () => {
    const ids = [newId('rcpt', 1000), ...Array.from({ length: 500 }, () => newId('rcpt', 2000)), newId('rcpt', 3000)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
