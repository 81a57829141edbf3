/** The simulator's clock: controllable through /_sim/clock. Tests pass a ManualClock; the CLI runs on real time plus an offset. */
import type { Clock } from '../../domain/shared/clock.ts';

export interface ControllableClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

/** Real time shifted by whatever the control API asked for. */
export class OffsetClock implements ControllableClock {
  #offset = 0;
  readonly #base: () => number;

  constructor(base: () => number = Date.now) {
    this.#base = base;
  }

  now(): number {
    return this.#base() + this.#offset;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('time does not go backwards');
    this.#offset += ms;
  }

  set(ms: number): void {
    this.#offset = ms - this.#base();
  }
}
