/**
 * While the system or the calling customer is read-only, every response says so: a `tai-read-only`
 * header (`<scope>; reason=<reason>`) and a `banner` member added to JSON object bodies. It is added
 * after serialization, so every route carries it without each schema declaring it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readOnlyBanner } from '../../services/lifecycle/authorize.ts';
import type { ServiceContext } from '../../services/context.ts';

export const withReadOnlyBanner = (
  ctx: ServiceContext,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): unknown => {
  const customerId = request.actor?.kind === 'customer' ? request.actor.customerId : null;
  const banner = readOnlyBanner(ctx, customerId);
  if (banner === null) return payload;
  void reply.header('tai-read-only', `${banner.scope}; reason=${banner.reason}`);
  const type = reply.getHeader('content-type');
  if (
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
