/**
 * A notification as the domain produces it, and the channels it can be delivered on. This is delivery's
 * own copy of the shape: the producers' type (src/domain/notifications/types.ts, what the Notifier port
 * enqueues) must stay assignable to it. `webhook.disabled` is delivery's own type: delivery raises it.
 */

/** PagerDuty's four severities, used by every channel. */
export type Severity = 'info' | 'warning' | 'error' | 'critical';

export const CHANNELS = ['email', 'slack', 'pagerduty', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

export type FactValue = string | number | boolean | null;
export type Facts = Readonly<Record<string, FactValue>>;

/** Every type and the facts it carries; templates may refer to exactly these (see templates/validate.ts). */
export const NOTIFICATION_FACTS = {
  'certificate.expiring': ['certificateId', 'expiresAt', 'daysLeft', 'threshold'],
  'certificate.expired': ['certificateId', 'expiresAt', 'reason'],
  'certificate.revoked': ['certificateId', 'expiresAt', 'reason'],
  'certificate.suspended': ['certificateId', 'expiresAt', 'reason'],
  'certificate.verification_rejected': ['certificateId', 'code'],
  'certificate.renewal_halted': ['certificateId', 'code'],
  'insurer.unreachable': ['graceEndsAt', 'lastVerifiedAt', 'code'],
  'insurer.grace_exhausted': ['graceEndedAt', 'lastVerifiedAt'],
  'customer.read_only': ['reason', 'since'],
  'customer.restored': ['since', 'restoredAt'],
  'system.read_only': ['reason', 'since'],
  'system.restored': ['since'],
  'deployment.failed_insurance': ['deploymentId', 'target', 'artifact', 'reason'],
  'deployment.failed': ['deploymentId', 'target', 'artifact', 'reason', 'exitCode'],
  'deployment.rolled_back': ['deploymentId', 'target', 'artifact', 'note'],
  'deploy.refused': ['code', 'limit', 'used', 'requested', 'upgradePath'],
  'webhook.disabled': ['endpointId', 'url'],
} as const satisfies Record<string, readonly string[]>;

export type NotificationType = keyof typeof NOTIFICATION_FACTS;
export const NOTIFICATION_TYPES = Object.keys(NOTIFICATION_FACTS) as readonly NotificationType[];

export const isNotificationType = (value: string): value is NotificationType =>
  Object.prototype.hasOwnProperty.call(NOTIFICATION_FACTS, value);

export interface Incident {
  /** PagerDuty's dedup_key: one per (customer, incident), so re-triggers attach and the resolve closes it. */
  readonly key: string;
  readonly action: 'trigger' | 'resolve';
}

export interface Notification {
  /** Stable (`ntf_...`): the same on every attempt, so receivers can drop repeats. */
  readonly id: string;
  readonly type: NotificationType;
  readonly severity: Severity;
  /** null for system-wide notifications. */
  readonly customerId: string | null;
  /** ISO instant it happened. */
  readonly at: string;
  /** One logical notification. */
  readonly dedupeKey: string;
  readonly incident: Incident | null;
  readonly facts: Facts;
}
