/**
 * How one notification becomes deliveries: one per target it is routed to (each email audience, Slack,
 * PagerDuty, every webhook endpoint of its customer subscribed to its type), so one target failing never
 * holds up the others. Targets nothing is configured for are left out. Each delivery names the rate
 * limit that governs it, and an order key when it belongs to an incident: the events of one incident go
 * out to one target in the order they happened (a resolve never overtakes its trigger). Pure.
 */
import type { RateLimit } from './coalesce.ts';
import type { Channel, Notification } from './notification.ts';
import { limitFor, limitKey, type RateRule } from './rate-limits.ts';
import { targetsFor, targetTag, type RoutingTable, type Target } from './routing.ts';

interface SubscribedEndpoint {
  readonly id: string;
  /** Notification types, or `*` for every type. */
  readonly events: readonly string[];
}

interface PlanInputs {
  readonly routing: RoutingTable;
  readonly rateRules: readonly RateRule[];
  /** Channels with something configured (an unconfigured one gets nothing). */
  readonly configured: ReadonlySet<Channel>;
  /** Whether the team has an email address (TAI_OPS_EMAIL). */
  readonly opsEmail: boolean;
  /** The customer's enabled endpoints. */
  readonly endpoints: readonly SubscribedEndpoint[];
}

export interface PlannedDelivery {
  /** `<notification id>.<target>`. */
  readonly id: string;
  readonly target: Target;
  /** `email.customer`, `slack`, ..., `webhook.<endpoint id>`. */
  readonly targetName: string;
  readonly endpointId: string | null;
  readonly orderKey: string | null;
  readonly limit: { readonly key: string; readonly rule: RateLimit } | null;
}

const subscribes = (e: SubscribedEndpoint, type: string): boolean => e.events.includes('*') || e.events.includes(type);

const planned = (
  n: Notification,
  target: Target,
  targetName: string,
  endpointId: string | null,
  rules: readonly RateRule[],
): PlannedDelivery => {
  const rule = limitFor(n.type, target.channel, rules);
  return {
    id: `${n.id}.${targetName}`,
    target,
    targetName,
    endpointId,
    orderKey: n.incident === null ? null : `${targetName}|${n.incident.key}`,
    limit: rule === null ? null : { key: limitKey(n, target), rule },
  };
};

export const planDeliveries = (n: Notification, inputs: PlanInputs): readonly PlannedDelivery[] => {
  const out: PlannedDelivery[] = [];
  for (const target of targetsFor(n, inputs.routing)) {
    if (!inputs.configured.has(target.channel)) continue;
    if (target.channel === 'email' && target.to === 'ops' && !inputs.opsEmail) continue;
    if (target.channel === 'webhook') {
      for (const e of inputs.endpoints) {
        if (subscribes(e, n.type)) out.push(planned(n, target, `webhook.${e.id}`, e.id, inputs.rateRules));
      }
      continue;
    }
    out.push(planned(n, target, targetTag(target), null, inputs.rateRules));
  }
  return out;
};
