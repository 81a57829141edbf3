/**
 * Effects as data: what a pure decision (a certificate transition, a deployment step, a publish, a
 * refusal) asks the service to do. One closed union for every producer; one applier
 * (src/services/effects) runs them. Persist, receipt, audit and notify are applied inside the caller's
 * transaction, so they commit together or not at all; metric and log after the commit; schedule and
 * insurer_request are handed back to the caller.
 */
import type { CertificateRecord } from '../certificate/types.ts';
import type { Authority, Mode } from '../customer/types.ts';
import type { Deployment, DeploymentState } from '../deployment/types.ts';
import type { CertificateDocument, InsuranceStamp } from '../insurance/certificate.ts';
import type { Listing } from '../listing/types.ts';
import type { CounterName, GaugeName, HistogramName, MetricLabels } from '../metrics/catalog.ts';
import type { NotificationDraft } from '../notifications/types.ts';
import type { AuditOutcome } from '../receipts/audit-chain.ts';
import type { ReceiptKind } from '../receipts/receipt-format.ts';
import type { JsonValue } from '../shared/canonical-json.ts';

/** What a receipt is stamped with: the authority an operation acted under. */
export interface ReceiptStamp {
  readonly mode: Mode;
  readonly authority: Authority;
  readonly contractReference: string | null;
  readonly insurance: InsuranceStamp | null;
  readonly disclaimer: string | null;
}

export interface ReceiptDraft {
  /** Set when another effect refers to the receipt (a listing, a deployment); minted at append otherwise. */
  readonly id?: string;
  readonly customerId: string;
  readonly kind: ReceiptKind;
  /**
   * Null for records that do not act under an operation's authority (certificate events): the applier
   * stamps them advisory, with the customer's effective mode and current contract reference.
   */
  readonly stamp: ReceiptStamp | null;
  readonly request: unknown;
  readonly result: unknown;
  /** Used when `stamp` is null. */
  readonly disclaimer?: string;
}

/** A change in how many deployments hold capacity, and how much. */
export interface UsageDelta {
  readonly count: number;
  readonly units: number;
}

export type PersistEffect =
  | {
      readonly kind: 'persist';
      readonly entity: 'certificate';
      readonly record: CertificateRecord;
      /** Optimistic concurrency: the stored version this change was computed from (0: none). */
      readonly expectedVersion: number;
    }
  | {
      readonly kind: 'persist';
      readonly entity: 'certificate_archive';
      readonly customerId: string;
      readonly certificate: CertificateDocument;
      readonly replacedBy: string | null;
    }
  | {
      readonly kind: 'persist';
      readonly entity: 'deployment';
      readonly record: Deployment;
      /** Null: a new deployment. Otherwise the state it must still be in. */
      readonly from: DeploymentState | null;
      readonly usage: UsageDelta;
    }
  | { readonly kind: 'persist'; readonly entity: 'listing'; readonly record: Listing }
  | {
      readonly kind: 'persist';
      readonly entity: 'pricing_freeze';
      readonly customerId: string;
      readonly version: number;
    };

export type AuditDetails = { readonly [k: string]: JsonValue };

export interface AuditEffect {
  readonly kind: 'audit';
  /** Dotted, e.g. `certificate.checked`, `deploy.accepted`. */
  readonly type: string;
  /** A key id, `admin`, `system`, `anonymous` or an operator's name; never a secret. */
  readonly actor: string;
  readonly customerId: string | null;
  readonly outcome: AuditOutcome;
  readonly details: AuditDetails;
}

export type MetricEffect =
  | {
      readonly kind: 'metric';
      readonly op: 'inc';
      readonly name: CounterName;
      readonly labels: MetricLabels;
      readonly value: number;
    }
  | {
      readonly kind: 'metric';
      readonly op: 'set';
      readonly name: GaugeName;
      readonly labels: MetricLabels;
      readonly value: number;
    }
  | {
      readonly kind: 'metric';
      readonly op: 'observe';
      readonly name: HistogramName;
      readonly labels: MetricLabels;
      readonly value: number;
    };

export interface LogEffect {
  readonly kind: 'log';
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
}

export type Effect =
  | PersistEffect
  | { readonly kind: 'receipt'; readonly receipt: ReceiptDraft }
  | AuditEffect
  | { readonly kind: 'notify'; readonly notification: NotificationDraft }
  | MetricEffect
  | LogEffect
  /** The lifecycle's next wake-up; it travels in the persisted record, the scheduler re-arms from it. */
  | {
      readonly kind: 'schedule';
      readonly customerId: string;
      readonly nextCheckAt: number | null;
      readonly wakeAt: number | null;
    }
  /** A request to the insurer, performed by the caller after the commit; its answer is a new event. */
  | {
      readonly kind: 'insurer_request';
      readonly customerId: string;
      readonly purpose: 'renewal' | 'provision';
      readonly certificateId: string | null;
      readonly requestId: string | null;
      readonly attempt: number;
    };

export type EffectKind = Effect['kind'];
export type EffectOf<K extends EffectKind> = Extract<Effect, { kind: K }>;

/** A counter increment, the commonest metric effect. */
export const count = (name: CounterName, labels: MetricLabels = {}, value = 1): MetricEffect => ({
  kind: 'metric',
  op: 'inc',
  name,
  labels,
  value,
});
