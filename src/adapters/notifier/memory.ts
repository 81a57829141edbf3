/** A notifier that keeps what it is given, deduplicated by key: for tests of the services without a store. */
import type { Notification } from '../../domain/notifications/types.ts';
import type { Notifier } from './interface.ts';

export class MemoryNotifier implements Notifier {
  readonly sent: Notification[] = [];
  readonly #keys = new Set<string>();

  enqueue(_tx: unknown, n: Notification): Promise<boolean> {
    if (this.#keys.has(n.dedupeKey)) return Promise.resolve(false);
    this.#keys.add(n.dedupeKey);
    this.sent.push(n);
    return Promise.resolve(true);
  }

  committed(): void {
    this.commits++;
  }

  /** How many committed transactions enqueued. */
  commits = 0;
}
