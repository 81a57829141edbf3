/**
 * Which customers are due: a min-heap of wake-up times keyed by customer. Re-scheduling replaces the
 * customer's entry (the old one is skipped when it surfaces; the same time keeps its place), so arming
 * is O(log n).
 *
 * The scheduler loop (the simulation in test/simulation runs exactly this): arm every record from its
 * persisted `wakeAt` at start-up; at each wake-up, if `checkDue` take a slot from the CallBudget and make
 * the check at that slot (its transition also runs the timed steps), otherwise apply a `tick`; after every
 * transition re-arm from the new record, and send each `insurer_request` effect through the budget too.
 */
interface Entry {
  readonly at: number;
  readonly customerId: string;
  readonly seq: number;
}

const before = (a: Entry, b: Entry): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export class DueQueue {
  readonly #heap: Entry[] = [];
  readonly #live = new Map<string, Entry>();
  #seq = 0;

  get size(): number {
    return this.#live.size;
  }

  schedule(customerId: string, atMs: number): void {
    if (this.#live.get(customerId)?.at === atMs) return;
    const entry = { at: atMs, customerId, seq: this.#seq++ };
    this.#live.set(customerId, entry);
    this.#push(entry);
  }

  has(customerId: string): boolean {
    return this.#live.has(customerId);
  }

  remove(customerId: string): void {
    this.#live.delete(customerId);
  }

  /** When the earliest scheduled customer is due, or null when none is scheduled. */
  nextAt(): number | null {
    return this.#top()?.at ?? null;
  }

  /** Removes and returns up to `limit` customers due at `nowMs`, earliest first. */
  popDue(nowMs: number, limit = Number.POSITIVE_INFINITY): string[] {
    const out: string[] = [];
    for (let top = this.#top(); top !== undefined && top.at <= nowMs && out.length < limit; top = this.#top()) {
      this.#pop();
      this.#live.delete(top.customerId);
      out.push(top.customerId);
    }
    return out;
  }

  /** The live head, discarding superseded entries. */
  #top(): Entry | undefined {
    for (let head = this.#heap[0]; head !== undefined; head = this.#heap[0]) {
      if (this.#live.get(head.customerId) === head) return head;
      this.#pop();
    }
    return undefined;
  }

  #push(entry: Entry): void {
    const h = this.#heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent];
      if (p === undefined || !before(entry, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = entry;
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop();
    if (last === undefined || h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = last;
      let at = i;
      const left = h[l];
      const right = h[r];
      if (left !== undefined && before(left, smallest)) {
        smallest = left;
        at = l;
      }
      if (right !== undefined && before(right, smallest)) {
        smallest = right;
        at = r;
      }
      if (at === i) break;
      h[i] = smallest;
      i = at;
    }
    h[i] = last;
  }
}

/** Whether the record's insurer check is due (the wake-up may also be for a warning, expiry or renewal step). */
export const checkDue = (record: { readonly nextCheckAt: number | null }, nowMs: number): boolean =>
  record.nextCheckAt !== null && record.nextCheckAt <= nowMs;

/** Re-arms a customer from its persisted record, e.g. after a transition or at start-up. */
export const armFrom = (
  queue: DueQueue,
  record: { readonly customerId: string; readonly wakeAt: number | null },
): void => {
  if (record.wakeAt === null) queue.remove(record.customerId);
  else queue.schedule(record.customerId, record.wakeAt);
};
