/**
 * Retry schedules per channel: the delay after each failed attempt, jittered, never shorter than the
 * receiver's Retry-After; after the last delay's attempt fails, the delivery is dead-lettered. Pure:
 * time and randomness come from the caller.
 */
import type { Channel } from './notification.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/** Delay before retry n (index n-1). Attempts in all: one more than the delays. */
export const RETRY_SCHEDULES: Readonly<Record<Channel, readonly number[]>> = {
  // The schedule of the issue (Standard Webhooks practice): about 28 hours in all.
  webhook: [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H],
  // Pages matter most and PagerDuty asks for retries on 429/5xx: quick at first, then hourly doubling, ~16 h.
  pagerduty: [5 * S, 15 * S, 30 * S, 1 * M, 2 * M, 5 * M, 10 * M, 15 * M, 30 * M, 1 * H, 2 * H, 4 * H, 8 * H],
  // Our own relay being down is the usual cause; the relay queues on its side once it has the message. ~16 h.
  email: [30 * S, 2 * M, 10 * M, 30 * M, 1 * H, 2 * H, 4 * H, 8 * H],
  // An internal channel: a short outage is retried through, a long one ends in the dead letters (~8 h).
  slack: [5 * S, 30 * S, 2 * M, 10 * M, 30 * M, 1 * H, 2 * H, 4 * H],
};

/** Each delay is scaled by a factor drawn uniformly from [1 - JITTER, 1 + JITTER). */
export const JITTER = 0.2;
/** A Retry-After beyond this is read as this: a receiver cannot park a delivery for days. */
export const MAX_RETRY_AFTER_MS = 24 * H;

export type AttemptResult =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'retry'; readonly retryAfterMs?: number | undefined }
  | { readonly kind: 'permanent' };

type NextStep =
  | { readonly kind: 'done' }
  | { readonly kind: 'retry'; readonly at: number; readonly delayMs: number }
  | { readonly kind: 'dead'; readonly why: 'permanent' | 'exhausted' };

const jittered = (delayMs: number, random: number): number => Math.round(delayMs * (1 - JITTER + 2 * JITTER * random));

/**
 * What follows attempt number `attempt` (1 = the first send) that ended in `result` at `nowMs`.
 * `random` is one draw in [0, 1).
 */
export const afterAttempt = (
  channel: Channel,
  attempt: number,
  result: AttemptResult,
  nowMs: number,
  random: number,
  schedules: Readonly<Record<Channel, readonly number[]>> = RETRY_SCHEDULES,
): NextStep => {
  if (result.kind === 'delivered') return { kind: 'done' };
  if (result.kind === 'permanent') return { kind: 'dead', why: 'permanent' };
  const base = schedules[channel][attempt - 1];
  if (base === undefined) return { kind: 'dead', why: 'exhausted' };
  const floor = Math.min(result.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
  const delayMs = Math.max(jittered(base, random), floor);
  return { kind: 'retry', at: nowMs + delayMs, delayMs };
};

/** Attempts a delivery gets in all before it is dead-lettered. */
export const maxAttempts = (channel: Channel, schedules = RETRY_SCHEDULES): number => schedules[channel].length + 1;
