/** The deferred processor hands ended spans on from setImmediate, in order, and drains before a flush. */
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, expect, it, vi } from 'vitest';
import { deferredProcessor } from '../../src/adapters/tracing/deferred.ts';

const recording = (ended: string[], flushed: string[]): SpanProcessor => ({
  onStart: () => undefined,
  onEnd: (span: ReadableSpan) => void ended.push(span.name),
  forceFlush: () => {
    flushed.push(`flush after ${ended.length}`);
    return Promise.resolve();
  },
  shutdown: () => Promise.resolve(),
});

afterEach(() => {
  vi.useRealTimers();
});

it('hands ended spans on from setImmediate, not from end(), in the order they ended', () => {
  vi.useFakeTimers({ toFake: ['setImmediate'] });
  const ended: string[] = [];
  const tracer = new BasicTracerProvider({ spanProcessors: [deferredProcessor(recording(ended, []))] }).getTracer('t');
  tracer.startSpan('a').end();
  tracer.startSpan('b').end();
  expect(ended).toEqual([]);
  vi.runOnlyPendingTimers();
  expect(ended).toEqual(['a', 'b']);
  tracer.startSpan('c').end();
  expect(ended).toEqual(['a', 'b']);
  vi.runOnlyPendingTimers();
  expect(ended).toEqual(['a', 'b', 'c']);
});

it('a flush hands on what is pending first', async () => {
  vi.useFakeTimers({ toFake: ['setImmediate'] });
  const ended: string[] = [];
  const flushed: string[] = [];
  const provider = new BasicTracerProvider({ spanProcessors: [deferredProcessor(recording(ended, flushed))] });
  provider.getTracer('t').startSpan('a').end();
  expect(ended).toEqual([]);
  await provider.forceFlush();
  expect(flushed).toEqual(['flush after 1']);
  expect(ended).toEqual(['a']);
});
