/**
 * What a transition asks the service to do, as data. The service applies the persist, receipt, audit,
 * archive and notification effects in ONE transaction with the record (an outbox), then performs the
 * insurer requests and re-arms the scheduler.
 */
import type { CertificateDocument } from '../insurance/certificate.ts';
import type { Audience, Severity } from './warnings.ts';
import type { CertificateState, LifecycleEventType, ReadOnlyReason, WarningThreshold } from './types.ts';

export type NotificationType =
  'certificate_warning' | 'certificate_degraded' | 'certificate_recovered' | 'verification_rejected' | 'renewal_halted';

export interface LifecycleNotification {
  readonly type: NotificationType;
  readonly customerId: string;
  readonly certificateId: string | null;
  readonly audiences: readonly Audience[];
  readonly severity: Severity;
  readonly threshold: WarningThreshold | null;
  readonly reason: string | null;
  readonly expiresAt: string | null;
  readonly at: number;
  /** Stable for one logical notification, so delivery can be deduplicated downstream. */
  readonly dedupeKey: string;
}

/** The body of a receipt of kind certificate_event; the receipts service adds mode, authority, ids and signature. */
export interface CertificateEventReceipt {
  readonly kind: 'certificate_event';
  readonly customerId: string;
  readonly event: LifecycleEventType | 'switched_to_successor';
  readonly fromState: CertificateState;
  readonly toState: CertificateState;
  readonly writable: boolean;
  readonly reason: ReadOnlyReason | null;
  readonly certificateId: string | null;
  readonly expiresAt: string | null;
  readonly actor: string | null;
  readonly at: string;
}

export type AuditDetail = Readonly<Record<string, string | number | boolean | null>>;

export type LifecycleEffect =
  | { readonly kind: 'persist'; readonly customerId: string; readonly expectedVersion: number }
  | { readonly kind: 'receipt'; readonly receipt: CertificateEventReceipt }
  | {
      readonly kind: 'audit';
      readonly type: string;
      readonly customerId: string;
      readonly actor: string | null;
      readonly outcome: 'ok' | 'failed' | 'ignored';
      readonly detail: AuditDetail;
    }
  | { readonly kind: 'notify'; readonly notification: LifecycleNotification }
  | {
      readonly kind: 'metric';
      readonly name: string;
      readonly value: number;
      readonly labels: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'schedule';
      readonly customerId: string;
      readonly nextCheckAt: number | null;
      readonly wakeAt: number | null;
    }
  | {
      readonly kind: 'insurer_request';
      readonly customerId: string;
      readonly purpose: 'renewal' | 'provision';
      readonly certificateId: string | null;
      readonly requestId: string | null;
      readonly attempt: number;
    }
  | {
      readonly kind: 'archive';
      readonly customerId: string;
      readonly certificate: CertificateDocument;
      readonly replacedBy: string | null;
    };

export type LifecycleEffectKind = LifecycleEffect['kind'];
