/**
 * Rate limiting that never drops: at most `max` messages per sliding window of `perMs` for one key;
 * what arrives while the window is full is held and goes out as ONE message when a slot opens (the
 * latest item, "and N more since ..."). Pure and generic over the item, so the outbox can keep the
 * held rows and the sent instants in its tables and ask these functions what to do.
 */

export interface RateLimit {
  readonly max: number;
  readonly perMs: number;
}

export interface LimitWindow<T> {
  /** Instants messages went out for this key, oldest first (only those inside the window matter). */
  readonly sentAt: readonly number[];
  /** Items waiting for a slot, oldest first. */
  readonly held: readonly T[];
}

/** One message to send: every item in arrival order; the message leads with the last. */
interface Batch<T> {
  readonly items: readonly T[];
}

interface Step<T> {
  readonly window: LimitWindow<T>;
  readonly batch: Batch<T> | null;
}

export const emptyWindow = <T>(): LimitWindow<T> => ({ sentAt: [], held: [] });

const inWindow = (sentAt: readonly number[], nowMs: number, limit: RateLimit): readonly number[] =>
  sentAt.filter((t) => t > nowMs - limit.perMs);

/** The earliest instant at or after `nowMs` a message may go out. */
const slotAt = <T>(w: LimitWindow<T>, nowMs: number, limit: RateLimit): number => {
  const recent = inWindow(w.sentAt, nowMs, limit);
  if (recent.length < limit.max) return nowMs;
  // The slot opens when the oldest message that keeps the window full leaves it.
  return (recent[recent.length - limit.max] ?? nowMs) + limit.perMs;
};

const send = <T>(w: LimitWindow<T>, items: readonly T[], nowMs: number, limit: RateLimit): Step<T> => ({
  window: { sentAt: [...inWindow(w.sentAt, nowMs, limit), nowMs], held: [] },
  batch: { items },
});

/** A new item: sent now (with anything held) if a slot is open, else held. `limit` null: never limited. */
export const offer = <T>(w: LimitWindow<T>, item: T, nowMs: number, limit: RateLimit | null): Step<T> => {
  if (limit === null) return { window: w, batch: { items: [...w.held, item] } };
  if (slotAt(w, nowMs, limit) <= nowMs) return send(w, [...w.held, item], nowMs, limit);
  return { window: { sentAt: w.sentAt, held: [...w.held, item] }, batch: null };
};

/** Called at (or after) `nextRelease`: the held items as one message once a slot is open. */
export const release = <T>(w: LimitWindow<T>, nowMs: number, limit: RateLimit): Step<T> => {
  if (w.held.length === 0 || slotAt(w, nowMs, limit) > nowMs) return { window: w, batch: null };
  return send(w, w.held, nowMs, limit);
};

/** When the held items may go out, or null when nothing is held. */
export const nextRelease = <T>(w: LimitWindow<T>, nowMs: number, limit: RateLimit): number | null =>
  w.held.length === 0 ? null : slotAt(w, nowMs, limit);
