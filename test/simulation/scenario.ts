/** A seeded world: customers and their certificates, insurer-side events, outages, restarts. */
import type { RandomSource } from '../../src/domain/certificate/random.ts';
import type { InsuredProfile, Outage, RenewalBehaviour } from './model-insurer.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface SimOptions {
  readonly seed: number;
  readonly customers: number;
  readonly days: number;
  /** The insurer's rate limit. */
  readonly limitPerMinute: number;
}

type InsurerEvent =
  | { readonly at: number; readonly kind: 'revoke'; readonly customerId: string }
  | { readonly at: number; readonly kind: 'suspend'; readonly customerId: string; readonly forMs: number };

interface Scenario {
  readonly start: number;
  readonly end: number;
  readonly profiles: ReadonlyMap<
    string,
    InsuredProfile & { readonly ageMs: number; readonly recovery: 'manual' | 'automatic' }
  >;
  readonly outages: readonly Outage[];
  readonly insurerEvents: readonly InsurerEvent[];
  readonly restarts: readonly number[];
}

const pick = <T>(random: RandomSource, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] ?? (items[0] as T);

export const buildScenario = (o: SimOptions, random: RandomSource): Scenario => {
  const start = Date.UTC(2026, 0, 1);
  const end = start + o.days * DAY;
  const within = (): number => start + Math.floor(random() * (end - start));
  const profiles = new Map<string, InsuredProfile & { ageMs: number; recovery: 'manual' | 'automatic' }>();
  for (let i = 0; i < o.customers; i++) {
    const customerId = `cus_${i.toString().padStart(5, '0')}`;
    const lifetimeMs = pick(random, [30, 90, 180, 365]) * DAY;
    const roll = random();
    const renewal: RenewalBehaviour =
      roll < 0.8
        ? { kind: 'prompt' }
        : roll < 0.95
          ? { kind: 'late', delayMs: Math.floor(random() * 25 * DAY) }
          : { kind: 'declined' };
    profiles.set(customerId, {
      customerId,
      lifetimeMs,
      renewal,
      ageMs: Math.floor(random() * lifetimeMs * 0.9),
      recovery: random() < 0.5 ? 'manual' : 'automatic',
    });
  }
  // Outages: short ones (hours) every few weeks, a couple of day-long ones, and one longer than the grace.
  const outages: Outage[] = [];
  for (let i = 0; i < Math.max(2, Math.floor(o.days / 15)); i++) {
    const from = within();
    outages.push({ from, to: from + Math.floor((0.5 + random() * 11.5) * HOUR) });
  }
  for (let i = 0; i < Math.max(1, Math.floor(o.days / 100)); i++) {
    const from = within();
    outages.push({ from, to: from + Math.floor((1 + random() * 2) * DAY) });
  }
  if (o.days >= 30) {
    const from = start + Math.floor((0.3 + random() * 0.3) * (end - start));
    outages.push({ from, to: from + 8 * DAY + Math.floor(random() * DAY) });
  }
  const ids = [...profiles.keys()];
  const insurerEvents: InsurerEvent[] = [];
  for (let i = 0; i < Math.ceil(o.customers * 0.03 * (o.days / 60)); i++)
    insurerEvents.push({ at: within(), kind: 'revoke', customerId: pick(random, ids) });
  for (let i = 0; i < Math.ceil(o.customers * 0.03 * (o.days / 60)); i++) {
    insurerEvents.push({
      at: within(),
      kind: 'suspend',
      customerId: pick(random, ids),
      forMs: Math.floor((0.2 + random() * 5) * DAY),
    });
  }
  const restarts: number[] = [];
  for (let t = start + 17 * DAY + Math.floor(random() * DAY); t < end; t += 37 * DAY + Math.floor(random() * 5 * DAY))
    restarts.push(t);
  return { start, end, profiles, outages, insurerEvents, restarts };
};
