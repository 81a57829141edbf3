/** The mutable working copy a transition edits, and the helpers that record its effects. */
import type { AuditDetails, Effect } from '../effects/types.ts';
import type { CounterName, MetricLabels } from '../metrics/catalog.ts';
import type { NotificationDraft, NotificationFacts, NotificationType, Severity } from '../notifications/types.ts';
import { insuranceIncident } from '../notifications/types.ts';
import { isoOf } from '../shared/clock.ts';
import type { LifecyclePolicy } from './policy.ts';
import type { RandomSource } from './random.ts';
import type { CertificateRecord } from './types.ts';

export type Draft = { -readonly [K in keyof CertificateRecord]: CertificateRecord[K] };

export interface Step {
  readonly d: Draft;
  readonly now: number;
  readonly policy: LifecyclePolicy;
  readonly random: RandomSource;
  readonly fx: Effect[];
  readonly actor: string | null;
  /** This event confirmed a live current certificate with the insurer (counts toward recovery). */
  goodCheck: boolean;
  /** A check result arrived, so the next check must be re-planned. */
  checked: boolean;
  /** Worth a receipt even when neither the state nor writability changed. */
  notable: boolean;
  /** Set when a successor was switched in by time, for the receipt's event name. */
  switched: boolean;
}

const OUTCOMES = { ok: 'success', failed: 'failure', ignored: 'success' } as const;

/** An audit event `certificate.<type>`; an ignored event is recorded as a success marked `ignored`. */
export const audit = (s: Step, type: string, outcome: 'ok' | 'failed' | 'ignored', detail: AuditDetails = {}): void => {
  s.fx.push({
    kind: 'audit',
    type: `certificate.${type}`,
    actor: s.actor ?? 'system',
    customerId: s.d.customerId,
    outcome: OUTCOMES[outcome],
    details: outcome === 'ignored' ? { ...detail, ignored: true } : detail,
  });
};

export const metric = (s: Step, name: CounterName, labels: MetricLabels = {}, value = 1): void => {
  s.fx.push({ kind: 'metric', op: 'inc', name, value, labels });
};

/** How a lifecycle notification relates to the customer's insurance incident. */
type IncidentAction = 'trigger' | 'resolve' | null;

export const notify = <T extends NotificationType>(
  s: Step,
  type: T,
  severity: Severity,
  facts: NotificationFacts[T],
  options: { readonly dedupe: string; readonly incident: IncidentAction },
): void => {
  const customerId = s.d.customerId;
  // One payload shape for every type; the union cannot narrow on a generic T, hence the cast.
  const notification = {
    type,
    severity,
    customerId,
    at: isoOf(s.now),
    dedupeKey: `${type}:${customerId}:${options.dedupe}`,
    incident: options.incident === null ? null : insuranceIncident(customerId, options.incident),
    facts,
  } as NotificationDraft;
  s.fx.push({ kind: 'notify', notification });
};
