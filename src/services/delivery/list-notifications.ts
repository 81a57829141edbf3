/** The operator's view of deliveries (admin): filtered, paged by id, each with its attempts. */
import type { AttemptRow, DeliveryQuery, DeliveryRow, Page } from '../../adapters/store/interface.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';

type DeliveryWithAttempts = DeliveryRow & { readonly attemptLog: readonly AttemptRow[] };

export const listNotifications = async ({
  ctx,
  input,
}: VerbArgs<DeliveryQuery>): Promise<Page<DeliveryWithAttempts>> => {
  await requireAdmin(ctx);
  return ctx.store.read(async (r) => {
    const page = await r.deliveries(input);
    const attempts = await r.attemptsOf(page.items.map((d) => d.id));
    return {
      next: page.next,
      items: page.items.map((d) => ({ ...d, attemptLog: attempts.filter((a) => a.deliveryId === d.id) })),
    };
  });
};
