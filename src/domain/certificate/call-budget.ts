/**
 * Keeps insurer calls under the provider's rate limit: at most `limit` calls in any window of `windowMs`
 * and at least `minSpacingMs` between calls. Slots are handed out in time order; a caller whose slot
 * lies in the future waits for it (or is re-queued for it), which spreads bursts instead of failing them.
 * One budget per process: several instances must split the provider's limit between them.
 */
export class CallBudget {
  readonly #ring: number[] = [];
  #head = 0;
  #last = Number.NEGATIVE_INFINITY;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    readonly minSpacingMs = 0,
  ) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('CallBudget: limit must be an integer >= 1');
    if (!(windowMs > 0) || !(minSpacingMs >= 0))
      throw new RangeError('CallBudget: windowMs > 0 and minSpacingMs >= 0 required');
  }

  /** The slot a call asked for at `nowMs` would get, without taking it. */
  peek(nowMs: number): number {
    let at = Math.max(nowMs, this.#last + this.minSpacingMs);
    if (this.#ring.length === this.limit) at = Math.max(at, (this.#ring[this.#head] ?? at) + this.windowMs);
    return at;
  }

  /** Takes the earliest free slot at or after `nowMs` and returns its time. */
  reserve(nowMs: number): number {
    const at = this.peek(nowMs);
    this.#record(at);
    return at;
  }

  /** Calls still free in the window that ends at `nowMs` (slots reserved for later count as used). */
  remaining(nowMs: number): number {
    let used = 0;
    for (const at of this.#ring) if (at > nowMs - this.windowMs) used++;
    return this.limit - used;
  }

  /** Counts `count` calls made at `atMs` outside this budget (say, by the process before a restart). */
  occupy(atMs: number, count: number): void {
    for (let i = 0; i < count; i++) this.#record(Math.max(atMs, this.#last));
  }

  #record(at: number): void {
    if (this.#ring.length < this.limit) {
      this.#ring.push(at);
    } else {
      this.#ring[this.#head] = at;
      this.#head = (this.#head + 1) % this.limit;
    }
    this.#last = at;
  }
}

/**
 * A budget for a provider allowing `perMinute` calls, keeping `headroom` of it for calls made elsewhere.
 * Pass `startedAtMs` when the process (re)starts: a previous process may have used its whole budget in
 * the last minute, so the first minute only gets what the provider still allows on top of that.
 */
export const insurerCallBudget = (perMinute = 1000, headroom = 0.2, startedAtMs?: number): CallBudget => {
  const limit = Math.max(1, Math.floor(perMinute * (1 - headroom)));
  const budget = new CallBudget(limit, 60_000, Math.floor(60_000 / perMinute));
  if (startedAtMs !== undefined) budget.occupy(startedAtMs, Math.min(limit, Math.max(0, 2 * limit - perMinute)));
  return budget;
};
