/** The notifier that writes each notification into the store's outbox, in the caller's transaction. */
import type { Notifier } from './interface.ts';

export const outboxNotifier: Notifier = {
  enqueue: (tx, n) =>
    tx.enqueueNotification({
      id: n.id,
      type: n.type,
      customerId: n.customerId,
      dedupeKey: n.dedupeKey,
      payload: n,
      createdAt: n.at,
    }),
};
