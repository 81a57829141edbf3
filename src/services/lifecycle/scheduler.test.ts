import { describe, expect, it } from 'vitest';
import { newCertificateRecord } from '../../domain/certificate/index.ts';
import { ManualClock } from '../../domain/shared/clock.ts';
import type { ServiceContext } from '../context.ts';
import { LifecycleScheduler, WAKE_CONCURRENCY, type SchedulerTimers } from './scheduler.ts';
import { LifecycleState } from './state.ts';

const T0 = Date.UTC(2026, 10, 25);

/**
 * The scheduler over a real LifecycleState and a manual clock, with timers the test fires itself and a wake
 * function that records each call and finishes only when the test says so.
 */
const rig = (failing: ReadonlySet<string> = new Set()) => {
  const clock = new ManualClock(T0);
  const state = new LifecycleState(60_000);
  const ctx = { clock, lifecycle: { state } } as unknown as ServiceContext;
  let pending: { fn: () => void; at: number } | null = null;
  const timers: SchedulerTimers = {
    setTimeout: (fn, ms) => {
      pending = { fn, at: clock.now() + ms };
      return pending;
    },
    clearTimeout: (h) => {
      if (pending === h) pending = null;
    },
  };
  const woken: string[] = [];
  const finish = new Map<string, () => void>();
  const wake = (_: ServiceContext, customerId: string): Promise<void> => {
    woken.push(customerId);
    if (failing.has(customerId)) return Promise.reject(new Error('insurer unreachable'));
    return new Promise((resolve) => finish.set(customerId, resolve));
  };
  const errors: unknown[] = [];
  const scheduler = new LifecycleScheduler(ctx, { error: (o) => errors.push(o) }, timers, wake);
  const dueAt = (customerId: string, wakeAt: number): void =>
    state.remember({ ...newCertificateRecord(customerId, T0), wakeAt });
  /** Steps the clock to the armed timer and fires it, as the event loop would. */
  const fire = async (): Promise<void> => {
    const t = pending;
    if (t === null) throw new Error('no timer armed');
    if (t.at > clock.now()) clock.set(t.at);
    pending = null;
    t.fn();
    await new Promise((r) => setImmediate(r));
  };
  /** `count` customers due now (cus_00, cus_01, ...), the scheduler started and run; waits one turn. */
  const runWithDue = async (count: number): Promise<{ ids: string[]; run: Promise<number> }> => {
    const ids = Array.from({ length: count }, (_, i) => `cus_${String(i).padStart(2, '0')}`);
    for (const id of ids) dueAt(id, T0);
    scheduler.start();
    const run = scheduler.runDue();
    await new Promise((res) => setImmediate(res));
    return { ids, run };
  };
  const end = async (customerId: string): Promise<void> => {
    finish.get(customerId)?.();
    await new Promise((r) => setImmediate(r));
  };
  return { clock, scheduler, dueAt, fire, runWithDue, end, woken, errors, armedAt: () => pending?.at ?? null };
};

describe('LifecycleScheduler', () => {
  it('wakes a customer on time while another customer’s wake-up is still waiting on the insurer', async () => {
    const r = rig();
    r.dueAt('cus_slow', T0);
    r.dueAt('cus_next', T0 + 1_000);
    r.scheduler.start();
    await r.fire();
    expect(r.woken).toEqual(['cus_slow']);
    // cus_slow's wake-up has not ended; cus_next falls due a second later and is woken all the same.
    expect(r.armedAt()).toBe(T0 + 1_000);
    await r.fire();
    expect(r.woken).toEqual(['cus_slow', 'cus_next']);
    await r.end('cus_slow');
    await r.end('cus_next');
    expect(r.errors).toEqual([]);
  });

  it(`runs at most ${WAKE_CONCURRENCY} wake-ups at once and starts the next as one ends`, async () => {
    const r = rig();
    const { ids, run: all } = await r.runWithDue(WAKE_CONCURRENCY + 3);
    expect(r.woken).toEqual(ids.slice(0, WAKE_CONCURRENCY));
    await r.end('cus_03');
    expect(r.woken).toEqual(ids.slice(0, WAKE_CONCURRENCY + 1));
    for (const id of ids) await r.end(id);
    expect(await all).toBe(ids.length);
  });

  it('never wakes one customer twice at once: due again meanwhile, it is woken after the first ends', async () => {
    const r = rig();
    r.dueAt('cus_a', T0);
    r.scheduler.start();
    await r.fire();
    expect(r.woken).toEqual(['cus_a']);
    // Its record changes while the wake-up runs, and it is due again at once.
    r.dueAt('cus_a', T0);
    await r.fire();
    expect(r.woken).toEqual(['cus_a']);
    await r.end('cus_a');
    // Looked at again as soon as the first wake-up ended.
    await r.fire();
    expect(r.woken).toEqual(['cus_a', 'cus_a']);
    await r.end('cus_a');
  });

  it('retries a customer whose wake-up failed a minute later, without touching the others', async () => {
    const r = rig(new Set(['cus_a']));
    r.dueAt('cus_a', T0);
    r.dueAt('cus_b', T0);
    r.scheduler.start();
    const run = r.scheduler.runDue();
    await new Promise((res) => setImmediate(res));
    expect([...r.woken].sort()).toEqual(['cus_a', 'cus_b']);
    await r.end('cus_b');
    expect(await run).toBe(1);
    expect(r.errors).toEqual([expect.objectContaining({ customerId: 'cus_a' })]);
    expect(r.scheduler.nextAt()).toBe(T0 + 60_000);
  });

  it('stops: waits for the wake-ups in progress, and starts none of those still waiting for a slot', async () => {
    const r = rig();
    const { ids, run } = await r.runWithDue(WAKE_CONCURRENCY + 1);
    let stopped = false;
    const stopping = r.scheduler.stop().then(() => {
      stopped = true;
    });
    await r.end('cus_00');
    expect(r.woken).toEqual(ids.slice(0, WAKE_CONCURRENCY));
    expect(stopped).toBe(false);
    for (const id of ids.slice(1, WAKE_CONCURRENCY)) await r.end(id);
    await stopping;
    expect(stopped).toBe(true);
    expect(r.woken).toEqual(ids.slice(0, WAKE_CONCURRENCY));
    expect(await run).toBe(WAKE_CONCURRENCY);
    expect(r.armedAt()).toBeNull();
  });
});
