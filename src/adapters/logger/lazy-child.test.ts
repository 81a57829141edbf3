import { expect, it } from 'vitest';
import type { LogFields, Logger } from './interface.ts';
import { lazyChild } from './lazy-child.ts';

/** A logger that records its children and the lines written through each. */
const recording = (made: LogFields[], lines: unknown[][], bindings: LogFields = {}): Logger => {
  const write =
    (level: string) =>
    (...args: unknown[]): void =>
      void lines.push([level, bindings, ...args]);
  return {
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    fatal: write('fatal'),
    child: (b) => {
      made.push(b);
      return recording(made, lines, { ...bindings, ...b });
    },
  };
};

it('makes its child on the first line, once, and writes every line through it', () => {
  const made: LogFields[] = [];
  const lines: unknown[][] = [];
  const ids = { trace_id: 't', span_id: 's' };
  const logger = lazyChild(recording(made, lines), ids);
  expect(made).toEqual([]);
  logger.info({ a: 1 }, 'first');
  logger.warn('second');
  expect(made).toEqual([ids]);
  expect(lines).toEqual([
    ['info', ids, { a: 1 }, 'first'],
    ['warn', ids, 'second'],
  ]);
  logger.child({ component: 'x' }).error('third');
  expect(lines.at(-1)).toEqual(['error', { ...ids, component: 'x' }, 'third']);
});

it('makes no child when nothing is written', () => {
  const made: LogFields[] = [];
  lazyChild(recording(made, []), { trace_id: 't' });
  expect(made).toEqual([]);
});
