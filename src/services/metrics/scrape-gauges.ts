/**
 * The gauges computed at each scrape from the service's own state, so they are true at the moment
 * Prometheus reads them: certificates per lifecycle state and mode, expiry, read-only customers, the
 * system mode, the insurer breaker and call budget, the outbox backlog, the last backup and the witness lag.
 */
import type { Metrics } from '../../adapters/metrics/interface.ts';
import { CERTIFICATE_STATES } from '../../domain/certificate/types.ts';
import { MODES, type Mode } from '../../domain/customer/types.ts';
import type { GaugeName } from '../../domain/metrics/catalog.ts';
import { EXPIRY_WINDOWS, fleetSummary } from '../../domain/metrics/fleet.ts';
import { effectiveMode } from '../../domain/mode/index.ts';
import type { ServiceContext } from '../context.ts';

/** A Metrics port that can also drop a gauge's series (the Prometheus exporter). */
interface ScrapeTarget extends Metrics {
  clear(name: GaugeName): void;
  absent(name: GaugeName): void;
}

/** Readings of parts wired beside the context; each null when it has nothing to report yet. */
export interface ScrapeSources {
  readonly insurerBudgetRemaining?: () => number | null;
  readonly backupLastSuccessSeconds?: () => number | null;
}

/** How long a read of every customer's mode serves scrapes before it is read again. */
const MODES_TTL_MS = 30_000;

/**
 * Every customer's effective mode (capped by TAI_MAX_MODE), read again when older than MODES_TTL_MS or
 * when a tracked certificate's customer is missing from it (a new customer): at 10,000 customers the read
 * is most of a scrape's cost, and a mode changes rarely. A mode change shows within MODES_TTL_MS.
 */
export class CustomerModes {
  #modes = new Map<string, Mode>();
  #readAt = Number.NEGATIVE_INFINITY;

  async current(ctx: ServiceContext): Promise<ReadonlyMap<string, Mode>> {
    const now = ctx.clock.now();
    if (now - this.#readAt < MODES_TTL_MS && this.#covers(ctx)) return this.#modes;
    const rows = await ctx.store.read((r) => r.customerModes());
    const max = ctx.lifecycle.maxMode;
    const modes = new Map<string, Mode>();
    for (const row of rows) modes.set(row.id, effectiveMode(row.mode, max));
    this.#modes = modes;
    this.#readAt = now;
    return modes;
  }

  #covers(ctx: ServiceContext): boolean {
    for (const r of ctx.lifecycle.state.records()) if (!this.#modes.has(r.customerId)) return false;
    return true;
  }
}

const setOrAbsent = (m: ScrapeTarget, name: GaugeName, value: number | null | undefined): void => {
  if (value === null || value === undefined) m.absent(name);
  else m.set(name, value);
};

export const scrapeGauges = async (
  ctx: ServiceContext,
  m: ScrapeTarget,
  sources: ScrapeSources,
  customerModes: CustomerModes,
): Promise<void> => {
  const [modes, backlog] = await Promise.all([customerModes.current(ctx), ctx.store.read((r) => r.outboxBacklog())]);
  const now = ctx.clock.now();
  const { state, policy, insurer } = ctx.lifecycle;
  const fleet = fleetSummary(state.records(), (id) => modes.get(id), now, policy);

  // Every state and mode is written, 0 included, so a series never vanishes when its count drops to none.
  m.clear('tai_insurance_certificates');
  for (const s of CERTIFICATE_STATES)
    for (const mode of MODES) {
      m.set('tai_insurance_certificates', fleet.certificates[s][mode], { state: s, mode });
    }
  setOrAbsent(m, 'tai_insurance_cert_expiry_min_days', fleet.minDaysToExpiry);
  for (const w of EXPIRY_WINDOWS) m.set('tai_insurance_certs_expiring', fleet.expiringWithin[w], { within: w });
  m.set('tai_customers_read_only', fleet.customersReadOnly);
  m.set('tai_system_mode', state.systemReadOnly(now) === null ? 1 : 0);

  m.set('tai_insurer_breaker_open', insurer.health().breaker === 'open' ? 1 : 0);
  setOrAbsent(m, 'tai_insurer_budget_remaining', sources.insurerBudgetRemaining?.());

  m.set('tai_outbox_pending', backlog.pending);
  const age = backlog.oldestCreatedAt === null ? 0 : (now - Date.parse(backlog.oldestCreatedAt)) / 1000;
  m.set('tai_outbox_oldest_pending_age_seconds', Math.max(0, age));

  setOrAbsent(m, 'tai_backup_last_success_timestamp_seconds', sources.backupLastSuccessSeconds?.());
  setOrAbsent(m, 'tai_witness_cosign_lag_seconds', ctx.witnessQueue?.lagSeconds());
};
