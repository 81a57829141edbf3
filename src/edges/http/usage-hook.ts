/**
 * Records every answered request of a customer key in the usage accumulator: its operation kind (method
 * and route template, OpenAPI style), status and latency (Fastify's own measure of the request). The
 * hour it counts in comes from the service's clock. Requests without a customer actor are not usage.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../domain/shared/clock.ts';
import type { ServiceContext } from '../../services/context.ts';
import type { UsageAccumulator } from '../../services/usage/accumulator.ts';

export const usageHook = (usage: UsageAccumulator, clock: Clock) => {
  const kinds = new Map<string, string>();
  const kindOf = (method: string, url: string | undefined): string => {
    const key = `${method} ${url ?? ''}`;
    let kind = kinds.get(key);
    if (kind === undefined) {
      kind = url === undefined ? `${method} (no route)` : `${method} ${url.replace(/:(\w+)/g, '{$1}')}`;
      // Route templates are a fixed set; unmatched paths all share one kind, so this stays small.
      kinds.set(key, kind);
    }
    return kind;
  };
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const actor = (request.ctx as ServiceContext | null)?.actor;
    if (actor?.kind === 'customer') {
      usage.record(
        actor.customerId,
        kindOf(request.method, request.routeOptions.url),
        reply.statusCode,
        reply.elapsedTime,
        clock.now(),
      );
    }
    done();
  };
};
