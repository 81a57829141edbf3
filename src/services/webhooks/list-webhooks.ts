/** The customer's webhook endpoints (scope webhooks:write), without their secrets. */
import { requireScope } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { endpointView, type EndpointView } from './endpoint-view.ts';

export const listWebhooks = async ({ ctx }: VerbArgs<Record<string, never>>): Promise<readonly EndpointView[]> => {
  const actor = await requireScope(ctx, 'webhooks:write');
  return (await ctx.store.read((r) => r.webhookEndpoints(actor.customerId))).map(endpointView);
};
