/**
 * The one notification payload every producer emits (the certificate lifecycle, deployments, refusals,
 * the system switch). A notification says what happened, to whom it matters and how loud it is; which
 * channels carry it is decided by routing at delivery. `facts` are the per-type details templates render.
 */

/** PagerDuty's four severities, which every channel understands. */
export type Severity = 'info' | 'warning' | 'error' | 'critical';

export interface NotificationFacts {
  'certificate.expiring': {
    certificateId: string;
    expiresAt: string;
    daysLeft: number;
    threshold: '30d' | '7d' | '1d';
  };
  'certificate.expired': { certificateId: string | null; expiresAt: string | null; reason: string };
  'certificate.revoked': { certificateId: string | null; expiresAt: string | null; reason: string };
  'certificate.suspended': { certificateId: string | null; expiresAt: string | null; reason: string };
  'certificate.verification_rejected': { certificateId: string | null; code: string };
  'certificate.renewal_halted': { certificateId: string; code: string };
  'insurer.unreachable': { graceEndsAt: string | null; lastVerifiedAt: string | null; code: string };
  'insurer.grace_exhausted': { graceEndedAt: string | null; lastVerifiedAt: string | null };
  'customer.read_only': { reason: string; since: string };
  'customer.restored': { since: string; restoredAt: string };
  'system.read_only': { reason: string; since: string };
  'system.restored': { since: string };
  'deployment.failed_insurance': { deploymentId: string | null; target: string; artifact: string; reason: string };
  'deployment.failed': {
    deploymentId: string;
    target: string;
    artifact: string;
    reason: string;
    exitCode: number | null;
  };
  'deployment.rolled_back': { deploymentId: string; target: string; artifact: string; note: string };
  'deploy.refused': {
    code: string;
    limit: number | null;
    used: number | null;
    requested: number | null;
    upgradePath: string;
  };
}

export type NotificationType = keyof NotificationFacts;

/** A PagerDuty-style incident: re-triggers attach to the open one, a resolve closes it. */
interface IncidentRef {
  readonly key: string;
  readonly action: 'trigger' | 'resolve';
}

interface NotificationOf<T extends NotificationType> {
  readonly type: T;
  readonly severity: Severity;
  /** Null for system-wide notifications. */
  readonly customerId: string | null;
  /** When it happened (ISO instant). */
  readonly at: string;
  /** Stable for one logical notification: enqueued once, whatever retries happen. */
  readonly dedupeKey: string;
  readonly incident: IncidentRef | null;
  readonly facts: Readonly<NotificationFacts[T]>;
}

/** What a producer emits; the notifier gives it its stable id when it is enqueued. */
export type NotificationDraft = { [T in NotificationType]: NotificationOf<T> }[NotificationType];

export type Notification = NotificationDraft & { readonly id: string };

/** The incident a customer's lapse of insurance opens, and its restoration resolves. */
export const insuranceIncident = (customerId: string, action: IncidentRef['action']): IncidentRef => ({
  key: `${customerId}:insurance`,
  action,
});
