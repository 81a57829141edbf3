/**
 * A span processor that hands ended spans on from `setImmediate`. The SDK's batch processor serializes a
 * batch the moment it fills, inside the `span.end()` that filled it: deferred, that work runs after the
 * request that ended the span has gone on, not inside it. It saves no CPU.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

export const deferredProcessor = (next: SpanProcessor): SpanProcessor => {
  let pending: ReadableSpan[] = [];
  const drain = (): void => {
    const spans = pending;
    pending = [];
    for (const span of spans) next.onEnd(span);
  };
  return {
    onStart: (span: Span, parent: Context) => next.onStart(span, parent),
    onEnd: (span) => {
      if (pending.push(span) === 1) setImmediate(drain);
    },
    forceFlush: () => {
      drain();
      return next.forceFlush();
    },
    shutdown: () => {
      drain();
      return next.shutdown();
    },
  };
};
