/**
 * Authentication failures, counted per source address and per key id in fixed windows. Past `burst`
 * failures in a window the key (address or key id) is refused until the window ends. It also decides
 * which audit events a burst writes: the first failure of a source's window, the moment the source is
 * throttled, and a summary with the window's count (refused attempts included) when its next window starts,
 * so a burst of any size
 * writes at most three events per source and window, never one per attempt.
 */
interface Window {
  readonly startedAt: number;
  count: number;
}

interface FailureNote {
  /** `first`: the window's first failure; `throttled`: the burst was reached; `summary`: the last window's total. */
  readonly kind: 'first' | 'throttled' | 'summary';
  readonly count: number;
  readonly windowStartedAt: number;
}

interface ThrottleSettings {
  readonly burst: number;
  readonly windowMs: number;
  /** Keys tracked at most; the oldest are forgotten first. */
  readonly maxTracked?: number;
}

export class AuthFailureThrottle {
  readonly #windows = new Map<string, Window>();
  readonly #burst: number;
  readonly #windowMs: number;
  readonly #maxTracked: number;

  constructor(settings: ThrottleSettings) {
    this.#burst = settings.burst;
    this.#windowMs = settings.windowMs;
    this.#maxTracked = settings.maxTracked ?? 10_000;
  }

  /** Milliseconds until these keys may try again, or null when none of them is throttled. */
  blockedFor(keys: readonly string[], now: number): number | null {
    let wait: number | null = null;
    for (const key of keys) {
      const w = this.#windows.get(key);
      if (w === undefined || w.count < this.#burst) continue;
      const left = w.startedAt + this.#windowMs - now;
      if (left > 0) wait = Math.max(wait ?? 0, left);
    }
    return wait;
  }

  /** Counts an attempt refused while throttled in the source's window (so its summary tells the burst's size). */
  noteRefused(source: string, now: number): void {
    const w = this.#windows.get(source);
    if (w !== undefined && now < w.startedAt + this.#windowMs) w.count++;
  }

  /** Counts one failure against each key; answers the audit notes the source key's window calls for. */
  recordFailure(source: string, others: readonly string[], now: number): FailureNote[] {
    const notes: FailureNote[] = [];
    for (const key of [source, ...others]) {
      const previous = this.#windows.get(key);
      let w = previous;
      if (w === undefined || now >= w.startedAt + this.#windowMs) {
        if (key === source && previous !== undefined && previous.count > 1) {
          notes.push({ kind: 'summary', count: previous.count, windowStartedAt: previous.startedAt });
        }
        this.#windows.delete(key);
        w = { startedAt: now, count: 0 };
        this.#windows.set(key, w);
      }
      w.count++;
      if (key !== source) continue;
      if (w.count === 1) notes.push({ kind: 'first', count: 1, windowStartedAt: w.startedAt });
      if (w.count === this.#burst) notes.push({ kind: 'throttled', count: w.count, windowStartedAt: w.startedAt });
    }
    this.#forgetOld(now);
    return notes;
  }

  #forgetOld(now: number): void {
    if (this.#windows.size <= this.#maxTracked) return;
    for (const [key, w] of this.#windows) {
      if (now >= w.startedAt + this.#windowMs) this.#windows.delete(key);
    }
    for (const key of this.#windows.keys()) {
      if (this.#windows.size <= this.#maxTracked) break;
      this.#windows.delete(key);
    }
  }
}
