/**
 * While the system or the calling customer is read-only, every response says so: a `tai-read-only`
 * header (`<scope>; reason=<reason>`) and a `banner` member added to JSON object bodies. It is added
 * after serialization, so every route carries it without each schema declaring it. A route marked
 * `config: { verbatim: true }` answers a document a customer verifies offline (a bundle, a checkpoint, a
 * proof), whose members the verifier checks strictly: it gets the header only, its body untouched.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body is a document verified offline: the read-only banner goes in the header only. */
    verbatim?: boolean;
  }
}
import { readOnlyBanner } from '../../services/lifecycle/authorize.ts';
import type { ServiceContext } from '../../services/context.ts';

export const withReadOnlyBanner = (
  ctx: ServiceContext,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): unknown => {
  // Decorated with null until authentication has run (a request refused before it has no actor yet).
  const actor = (request.ctx as ServiceContext | null)?.actor;
  const customerId = actor?.kind === 'customer' ? actor.customerId : null;
  const banner = readOnlyBanner(ctx, customerId);
  if (banner === null) return payload;
  void reply.header('tai-read-only', `${banner.scope}; reason=${banner.reason}`);
  const type = reply.getHeader('content-type');
  if (
    request.routeOptions.config.verbatim === true ||
    typeof payload !== 'string' ||
    typeof type !== 'string' ||
    !type.startsWith('application/json') ||
    !payload.startsWith('{')
  ) {
    return payload;
  }
  const member = `"banner":${JSON.stringify(banner)}`;
  return payload === '{}' ? `{${member}}` : `{${member},${payload.slice(1)}`;
};
