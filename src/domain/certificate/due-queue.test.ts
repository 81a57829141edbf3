import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DueQueue, armFrom, checkDue } from './due-queue.ts';

describe('DueQueue', () => {
  it('pops due customers earliest first, ties in scheduling order', () => {
    const q = new DueQueue();
    q.schedule('b', 20);
    q.schedule('a', 10);
    q.schedule('c', 20);
    q.schedule('d', 30);
    expect(q.nextAt()).toBe(10);
    expect(q.popDue(20)).toEqual(['a', 'b', 'c']);
    expect(q.popDue(25)).toEqual([]);
    expect(q.size).toBe(1);
  });

  it('re-scheduling replaces the entry; removing forgets it', () => {
    const q = new DueQueue();
    q.schedule('a', 10);
    q.schedule('a', 50);
    q.schedule('b', 20);
    q.remove('b');
    expect(q.has('b')).toBe(false);
    expect(q.has('a')).toBe(true);
    expect(q.nextAt()).toBe(50);
    expect(q.popDue(100)).toEqual(['a']);
    expect(q.nextAt()).toBeNull();
  });

  it('honours the batch limit', () => {
    const q = new DueQueue();
    for (let i = 0; i < 10; i++) q.schedule(`c${i}`, i);
    expect(q.popDue(100, 3)).toEqual(['c0', 'c1', 'c2']);
    expect(q.size).toBe(7);
  });

  it('matches a naive model over random operations', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('s', 's', 'r', 'p'),
            fc.integer({ min: 0, max: 9 }),
            fc.integer({ min: 0, max: 1000 }),
          ),
        ),
        (ops) => {
          const q = new DueQueue();
          const model = new Map<string, { at: number; seq: number }>();
          let seq = 0;
          for (const [op, who, at] of ops) {
            const id = `c${who}`;
            if (op === 's') {
              q.schedule(id, at);
              // Re-scheduling at the same time keeps the customer's place among ties.
              if (model.get(id)?.at !== at) model.set(id, { at, seq: seq++ });
            } else if (op === 'r') {
              q.remove(id);
              model.delete(id);
            } else {
              const expected = [...model.entries()]
                .filter(([, e]) => e.at <= at)
                .sort(([, a], [, b]) => a.at - b.at || a.seq - b.seq)
                .map(([k]) => k);
              for (const k of expected) model.delete(k);
              expect(q.popDue(at)).toEqual(expected);
            }
            const min = Math.min(...[...model.values()].map((e) => e.at));
            expect(q.nextAt()).toBe(model.size === 0 ? null : min);
            expect(q.size).toBe(model.size);
          }
        },
      ),
    );
  });
});

describe('scheduling helpers', () => {
  it('checkDue and armFrom follow the persisted record', () => {
    expect(checkDue({ nextCheckAt: 5 }, 5)).toBe(true);
    expect(checkDue({ nextCheckAt: 6 }, 5)).toBe(false);
    expect(checkDue({ nextCheckAt: null }, 5)).toBe(false);
    const q = new DueQueue();
    armFrom(q, { customerId: 'a', wakeAt: 7 });
    expect(q.nextAt()).toBe(7);
    armFrom(q, { customerId: 'a', wakeAt: null });
    expect(q.nextAt()).toBeNull();
  });
});
