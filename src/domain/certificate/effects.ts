/**
 * The certificate_event receipt a transition asks for. The other effects are the shared union
 * (domain/effects): the service applies persist, receipt, audit and notify in ONE transaction with the
 * record (an outbox), then performs the insurer requests and re-arms the scheduler.
 */
import type { CertificateState, LifecycleEventType, ReadOnlyReason } from './types.ts';

export const CERTIFICATE_EVENT_DISCLAIMER =
  'Record of a certificate lifecycle event; not itself a contractual operation.';

/** The result of a receipt of kind certificate_event; the receipts service adds mode, authority, ids and signature. */
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
