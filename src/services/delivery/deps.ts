/** What delivery works with beside the service context: the channels and the rules from configuration. */
import type { ChannelAdapters } from '../../adapters/notifier/channels/interface.ts';
import type { RateRule } from '../../domain/delivery/rate-limits.ts';
import type { RoutingTable } from '../../domain/delivery/routing.ts';
import type { Channel } from '../../domain/delivery/notification.ts';

export interface DeliveryDeps {
  readonly channels: ChannelAdapters;
  readonly routing: RoutingTable;
  readonly rateRules: readonly RateRule[];
  /** The team's address (TAI_OPS_EMAIL); without it, routes to the team by email are skipped. */
  readonly opsEmail: string | undefined;
  /** Who holds the leases this process takes: an instance id, opaque to delivery. */
  readonly owner: string;
  /** How long a claimed delivery stays this owner's (database time) before another may take it. */
  readonly leaseMs: number;
  /** One draw in [0, 1) per retry, for jitter. */
  readonly random: () => number;
  /** PagerDuty's payload.source: which installation speaks. */
  readonly source: string;
  /** Delays before each retry, by channel (default: the domain's schedules). */
  readonly schedules?: Readonly<Record<Channel, readonly number[]>>;
}
