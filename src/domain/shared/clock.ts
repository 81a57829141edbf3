/** Time is injected: domain code never reads the wall clock. Milliseconds since the Unix epoch. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock for tests and simulations: time moves only when told to. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number | string | Date = Date.UTC(2026, 0, 1)) {
    this.#now = typeof start === 'number' ? start : new Date(start).getTime();
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('time does not go backwards');
    this.#now += ms;
  }
  set(at: number | string | Date): void {
    this.#now = typeof at === 'number' ? at : new Date(at).getTime();
  }
}

export const isoOf = (ms: number): string => new Date(ms).toISOString();
