/**
 * inSpan hands each span down: a child names its parent's span, a root span has none, and under a span
 * the sampler left out nothing is made (the work gets the parent itself).
 */
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, expect, it } from 'vitest';
import { inSpan, startServerSpan, useTracer } from '../../src/adapters/tracing/spans.ts';

const exporter = new InMemorySpanExporter();
const processor = new SimpleSpanProcessor(exporter);

afterEach(() => {
  useTracer(null);
  exporter.reset();
});

it('a child goes under the span it is given, and a span without a parent is a root', async () => {
  useTracer(new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('test'));
  const server = startServerSpan('GET /x', {});
  if (server === undefined) throw new Error('tracing is on: a server span is made');
  const seen = await inSpan(server, 'publish', undefined, (publish) =>
    inSpan(publish, 'store.transaction', undefined, (tx) => Promise.resolve([publish, tx])),
  );
  await inSpan(undefined, 'notification.deliver', undefined, () => Promise.resolve());
  server.end();
  const spans = exporter.getFinishedSpans();
  const byName = (n: string) => spans.find((s) => s.name === n);
  expect(byName('publish')?.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  expect(byName('store.transaction')?.parentSpanContext?.spanId).toBe(seen[0]?.spanContext().spanId);
  expect(byName('store.transaction')?.spanContext().traceId).toBe(server.spanContext().traceId);
  expect(byName('notification.deliver')?.parentSpanContext).toBeUndefined();
});

it('a span ends failed when its work throws', async () => {
  useTracer(new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('test'));
  await expect(inSpan(undefined, 'quote', undefined, () => Promise.reject(new Error('no')))).rejects.toThrow('no');
  expect(exporter.getFinishedSpans().map((s) => [s.name, s.status.code, s.events[0]?.name])).toEqual([
    ['quote', 2, 'exception'],
  ]);
});

it('under a span left out by the sampler, the work gets that span: no other is made', async () => {
  useTracer(new BasicTracerProvider({ sampler: new AlwaysOffSampler() }).getTracer('test'));
  const server = startServerSpan('GET /x', {});
  expect(server?.isRecording()).toBe(false);
  const handed = await inSpan(server, 'publish', undefined, (span) => Promise.resolve(span));
  expect(handed).toBe(server);
});

it('with tracing off the work runs with no span', async () => {
  expect(await inSpan(undefined, 'quote', undefined, (span) => Promise.resolve(span))).toBeUndefined();
  expect(startServerSpan('GET /x', {})).toBeUndefined();
});
