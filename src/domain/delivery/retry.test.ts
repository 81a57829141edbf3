/**
 * Retry schedules: the webhook schedule exactly, jitter inside its band, Retry-After as a floor,
 * dead letters after the last; and as a property, a delivery driven by random outcomes ends (delivered
 * or dead) within the schedule's attempts and never retries sooner than the schedule or the receiver asked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from './notification.ts';
import { JITTER, MAX_RETRY_AFTER_MS, RETRY_SCHEDULES, afterAttempt, maxAttempts, type AttemptResult } from './retry.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe('retry schedules', () => {
  it('webhooks: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then the dead letters', () => {
    const delays = RETRY_SCHEDULES.webhook.map((_, i) => afterAttempt('webhook', i + 1, { kind: 'retry' }, 0, 0.5));
    expect(delays.map((d) => (d.kind === 'retry' ? d.delayMs : null))).toEqual([
      5 * S,
      5 * M,
      30 * M,
      2 * H,
      5 * H,
      10 * H,
      10 * H,
    ]);
    expect(afterAttempt('webhook', 8, { kind: 'retry' }, 0, 0.5)).toEqual({ kind: 'dead', why: 'exhausted' });
    expect(maxAttempts('webhook')).toBe(8);
  });

  it('a delivered attempt is done and a permanent one dead, whatever the attempt', () => {
    expect(afterAttempt('email', 1, { kind: 'delivered' }, 0, 0)).toEqual({ kind: 'done' });
    expect(afterAttempt('slack', 1, { kind: 'permanent' }, 0, 0)).toEqual({ kind: 'dead', why: 'permanent' });
  });

  it('jitter stays within the band at both ends of the random draw', () => {
    const low = afterAttempt('pagerduty', 1, { kind: 'retry' }, 1_000, 0);
    const high = afterAttempt('pagerduty', 1, { kind: 'retry' }, 1_000, 0.999_999);
    expect(low).toEqual({ kind: 'retry', delayMs: 4 * S, at: 5 * S });
    expect(high.kind === 'retry' && high.delayMs).toBe(6 * S);
  });

  it('Retry-After is a floor, capped at a day', () => {
    expect(afterAttempt('slack', 1, { kind: 'retry', retryAfterMs: 90 * S }, 0, 0.5)).toMatchObject({
      delayMs: 90 * S,
    });
    expect(afterAttempt('slack', 1, { kind: 'retry', retryAfterMs: 1 * S }, 0, 0.5)).toMatchObject({ delayMs: 5 * S });
    expect(afterAttempt('slack', 1, { kind: 'retry', retryAfterMs: 30 * 24 * H }, 0, 0.5)).toMatchObject({
      delayMs: MAX_RETRY_AFTER_MS,
    });
  });

  it('every channel rides out a six-hour outage before its last attempt, even with the shortest jitter', () => {
    for (const c of CHANNELS) {
      const reach = RETRY_SCHEDULES[c].reduce((sum, d) => sum + d * (1 - JITTER), 0);
      expect(reach, c).toBeGreaterThan(6 * H);
    }
  });
});

const outcomeArb: fc.Arbitrary<AttemptResult> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<AttemptResult>({ kind: 'retry' }) },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 0, max: 2 * MAX_RETRY_AFTER_MS })
      .map((ms): AttemptResult => ({ kind: 'retry', retryAfterMs: ms })),
  },
  { weight: 1, arbitrary: fc.constant<AttemptResult>({ kind: 'delivered' }) },
  { weight: 1, arbitrary: fc.constant<AttemptResult>({ kind: 'permanent' }) },
);

describe('retry schedules (property)', () => {
  it('a delivery ends within its attempts, each retry no sooner than the schedule or Retry-After allow', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CHANNELS),
        fc.array(fc.tuple(outcomeArb, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })), {
          minLength: 30,
          maxLength: 30,
        }),
        (channel, outcomes) => {
          const schedule = RETRY_SCHEDULES[channel];
          let now = 0;
          let attempt = 1;
          for (const [result, random] of outcomes) {
            const next = afterAttempt(channel, attempt, result, now, random);
            if (next.kind !== 'retry') {
              expect(next.kind).toBe(result.kind === 'delivered' ? 'done' : 'dead');
              if (result.kind === 'retry') expect(attempt).toBe(schedule.length + 1);
              return;
            }
            const base = schedule[attempt - 1] ?? Number.NaN;
            const floor = Math.min(result.kind === 'retry' ? (result.retryAfterMs ?? 0) : 0, MAX_RETRY_AFTER_MS);
            expect(next.delayMs).toBeGreaterThanOrEqual(Math.max(Math.floor(base * (1 - JITTER)), floor));
            expect(next.delayMs).toBeLessThanOrEqual(Math.max(Math.ceil(base * (1 + JITTER)), floor));
            expect(next.at).toBe(now + next.delayMs);
            now = next.at;
            attempt++;
          }
          // 30 outcomes outlast every schedule: the loop must have ended by now.
          expect.unreachable(`still retrying after ${attempt - 1} attempts`);
        },
      ),
      { numRuns: 400 },
    );
  });
});
