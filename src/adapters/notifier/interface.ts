/**
 * The notifier port: a notification is recorded inside the transaction of what it reports, so it is
 * sent if and only if that change committed. Implementations: the outbox (delivery reads it) and an
 * in-memory one for tests of the services alone.
 */
import type { Notification } from '../../domain/notifications/types.ts';
import type { OutboxWrites } from '../store/interface.ts';

export interface Notifier {
  /** False when a notification with the same dedupe key was already recorded (nothing changed). */
  enqueue(tx: OutboxWrites, notification: Notification): Promise<boolean>;
  /** Told after a transaction that enqueued has committed, so delivery can start at once. */
  committed(): void;
}
