/**
 * The notifier that writes each notification into the store's outbox, in the caller's transaction, and
 * after the commit wakes whoever listens (the delivery worker) instead of leaving it to a poll.
 */
import type { Notifier } from './interface.ts';

export interface OutboxNotifier extends Notifier {
  /** `wake` runs after each commit that enqueued; the returned function stops that. */
  onCommitted(wake: () => void): () => void;
}

export const createOutboxNotifier = (): OutboxNotifier => {
  const listeners = new Set<() => void>();
  return {
    enqueue: (tx, n) =>
      tx.enqueueNotification({
        id: n.id,
        type: n.type,
        customerId: n.customerId,
        dedupeKey: n.dedupeKey,
        payload: n,
        createdAt: n.at,
      }),
    committed: () => {
      for (const wake of listeners) wake();
    },
    onCommitted: (wake) => {
      listeners.add(wake);
      return () => listeners.delete(wake);
    },
  };
};
