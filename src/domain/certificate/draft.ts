/** The mutable working copy a transition edits, and the helpers that record its effects. */
import type { AuditDetail, LifecycleEffect, NotificationType } from './effects.ts';
import type { LifecyclePolicy } from './policy.ts';
import type { RandomSource } from './random.ts';
import type { CertificateRecord, WarningThreshold } from './types.ts';
import type { Audience, Severity } from './warnings.ts';

export type Draft = { -readonly [K in keyof CertificateRecord]: CertificateRecord[K] };

export interface Step {
  readonly d: Draft;
  readonly now: number;
  readonly policy: LifecyclePolicy;
  readonly random: RandomSource;
  readonly fx: LifecycleEffect[];
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

export const audit = (s: Step, type: string, outcome: 'ok' | 'failed' | 'ignored', detail: AuditDetail = {}): void => {
  s.fx.push({
    kind: 'audit',
    type: `certificate.${type}`,
    customerId: s.d.customerId,
    actor: s.actor,
    outcome,
    detail,
  });
};

export const metric = (s: Step, name: string, labels: Readonly<Record<string, string>> = {}, value = 1): void => {
  s.fx.push({ kind: 'metric', name, value, labels });
};

export const notify = (
  s: Step,
  type: NotificationType,
  audiences: readonly Audience[],
  severity: Severity,
  extra: { readonly threshold?: WarningThreshold; readonly reason?: string; readonly dedupe: string },
): void => {
  const cert = s.d.certificate;
  s.fx.push({
    kind: 'notify',
    notification: {
      type,
      customerId: s.d.customerId,
      certificateId: s.d.certificateId,
      audiences,
      severity,
      threshold: extra.threshold ?? null,
      reason: extra.reason ?? null,
      expiresAt: cert?.expiresAt ?? null,
      at: s.now,
      dedupeKey: `${type}:${s.d.customerId}:${extra.dedupe}`,
    },
  });
};
