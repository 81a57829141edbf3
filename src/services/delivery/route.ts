/**
 * Routing: each outbox row not yet routed becomes its deliveries (domain/delivery/plan.ts), in one
 * transaction that also marks it routed, so a notification is routed exactly once whatever crashes.
 * A rate-limited delivery goes out at once (with whatever its window held, coalesced into it) when the
 * window has a slot, and is held otherwise; `releaseHeld` sends what was held once a slot opens.
 * Nothing is dropped: a held delivery is always sent, alone or reported in a later message.
 */
import type { DeliveryRow, NewDelivery, StoreTx } from '../../adapters/store/interface.ts';
import { nextRelease, offer, release, type LimitWindow, type RateLimit } from '../../domain/delivery/coalesce.ts';
import { CHANNELS, isNotificationType, type Notification } from '../../domain/delivery/notification.ts';
import { limitFor } from '../../domain/delivery/rate-limits.ts';
import { planDeliveries, type PlannedDelivery } from '../../domain/delivery/plan.ts';
import { isoOf } from '../../domain/shared/clock.ts';
import type { ServiceContext } from '../context.ts';
import type { DeliveryDeps } from './deps.ts';

const BATCH = 50;

const windowOf = async (tx: StoreTx, key: string): Promise<LimitWindow<DeliveryRow>> => ({
  sentAt: await tx.rateWindow(key),
  held: await tx.heldDeliveries(key),
});

/** The held items that go out inside `lead`, and `lead` itself takes the last place. */
const coveredIds = (items: readonly { notificationId: string; covers: readonly string[] }[]): string[] =>
  items.flatMap((i) => [...i.covers, i.notificationId]);

const routeOne = async (tx: StoreTx, n: Notification, p: PlannedDelivery, nowMs: number): Promise<void> => {
  const base: Omit<NewDelivery, 'status' | 'covers' | 'nextAttemptAt'> = {
    id: p.id,
    notificationId: n.id,
    customerId: n.customerId,
    type: n.type,
    channel: p.target.channel,
    target: p.targetName,
    endpointId: p.endpointId,
    orderKey: p.orderKey,
    limitKey: p.limit?.key ?? null,
    createdAt: isoOf(nowMs),
  };
  if (p.limit === null) {
    await tx.insertDelivery({ ...base, status: 'pending', covers: [], nextAttemptAt: nowMs });
    return;
  }
  const { key, rule } = p.limit;
  await tx.lockLimit(key);
  // Whether a slot is open depends on the instants sent alone; what is held matters only when it goes out.
  const sentAt = await tx.rateWindow(key);
  const step = offer<null>({ sentAt, held: [] }, null, nowMs, rule);
  if (step.batch === null) {
    // Held: it goes out when the window has a slot, reported with whatever else waits by then.
    const at = nextRelease(step.window, nowMs, rule) ?? nowMs;
    await tx.insertDelivery({ ...base, status: 'held', covers: [], nextAttemptAt: at });
    return;
  }
  const held = await tx.heldDeliveries(key);
  await tx.insertDelivery({ ...base, status: 'pending', covers: coveredIds(held), nextAttemptAt: nowMs });
  await tx.coalesceInto(
    held.map((h) => h.id),
    p.id,
    isoOf(nowMs),
  );
  await tx.saveRateWindow(key, step.window.sentAt);
};

const configuredChannels = (deps: DeliveryDeps): ReadonlySet<(typeof CHANNELS)[number]> =>
  new Set(CHANNELS.filter((c) => deps.channels[c].configured));

/** Routes up to one batch of the outbox; returns how many notifications it routed. */
export const routeOutbox = (ctx: ServiceContext, deps: DeliveryDeps): Promise<number> =>
  ctx.store.transaction(async (tx) => {
    const nowMs = ctx.clock.now();
    const rows = await tx.claimUnrouted(BATCH);
    const configured = configuredChannels(deps);
    for (const row of rows) {
      const n = { ...(row.payload as Notification), id: row.id };
      if (typeof n.type === 'string' && isNotificationType(n.type)) {
        const endpoints =
          n.customerId === null ? [] : (await tx.webhookEndpoints(n.customerId)).filter((e) => e.status === 'enabled');
        const planned = planDeliveries(n, {
          routing: deps.routing,
          rateRules: deps.rateRules,
          configured,
          opsEmail: deps.opsEmail !== undefined,
          endpoints,
        });
        for (const p of planned) await routeOne(tx, n, p, nowMs);
      }
      await tx.markRouted(row.id, isoOf(nowMs));
      // A notification routed to no target at all is settled at once.
      await tx.settleNotifications([row.id], isoOf(nowMs));
    }
    return rows.length;
  });

const releaseKey = async (tx: StoreTx, key: string, rule: RateLimit, nowMs: number): Promise<void> => {
  await tx.lockLimit(key);
  const w = await windowOf(tx, key);
  const step = release(w, nowMs, rule);
  const lead = step.batch?.items.at(-1);
  if (step.batch === null || lead === undefined) {
    const at = nextRelease(w, nowMs, rule);
    if (at !== null)
      await tx.rescheduleHeld(
        w.held.map((h) => h.id),
        at,
      );
    return;
  }
  const earlier = step.batch.items.slice(0, -1);
  await tx.releaseHeld(lead.id, coveredIds(earlier), nowMs);
  await tx.coalesceInto(
    earlier.map((h) => h.id),
    lead.id,
    isoOf(nowMs),
  );
  await tx.saveRateWindow(key, step.window.sentAt);
};

/** Held deliveries whose window has a slot again go out, as one message per window. */
export const releaseHeld = (ctx: ServiceContext, deps: DeliveryDeps): Promise<number> =>
  ctx.store.transaction(async (tx) => {
    const nowMs = ctx.clock.now();
    const keys = await tx.dueHeldKeys(nowMs, BATCH);
    for (const key of keys) {
      const held = await tx.heldDeliveries(key);
      const first = held[0];
      if (first === undefined) continue;
      const rule = ruleOf(first, deps);
      if (rule === null) {
        // The limit was removed from the configuration: everything held goes out now, one message.
        await releaseKey(tx, key, { max: Number.MAX_SAFE_INTEGER, perMs: 1 }, nowMs);
      } else await releaseKey(tx, key, rule, nowMs);
    }
    return keys.length;
  });

const ruleOf = (d: DeliveryRow, deps: DeliveryDeps): RateLimit | null =>
  isNotificationType(d.type) ? limitFor(d.type, d.channel, deps.rateRules) : null;
