/** Builders shared by the lifecycle's tests and the simulation: certificates, fixed randomness, event runs. */
import type { CertificateEventReceipt } from '../../src/domain/certificate/effects.ts';
import type { LifecyclePolicy } from '../../src/domain/certificate/policy.ts';
import type { RandomSource } from '../../src/domain/certificate/random.ts';
import { transition } from '../../src/domain/certificate/transition.ts';
import type { CertificateRecord, LifecycleEvent } from '../../src/domain/certificate/types.ts';
import type { Effect, EffectKind, EffectOf } from '../../src/domain/effects/types.ts';
import type { CertificateDocument } from '../../src/domain/insurance/certificate.ts';
import type { NotificationDraft } from '../../src/domain/notifications/types.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const T0 = Date.UTC(2026, 0, 1);

interface CertSpec {
  readonly id?: string;
  readonly from?: number;
  readonly to?: number;
  readonly status?: CertificateDocument['status'];
  readonly insured?: string;
}

export const makeCert = (spec: CertSpec = {}): CertificateDocument => {
  const from = spec.from ?? T0 - 10 * DAY;
  const to = spec.to ?? from + 365 * DAY;
  return {
    certificateId: spec.id ?? 'cert_a',
    policyNumber: `POL-${spec.id ?? 'cert_a'}`,
    insurer: { name: 'Model Mutual', naic: '12345' },
    insured: { name: 'Customer', reference: spec.insured ?? 'cus_1' },
    coverages: [{ type: 'general_liability', eachOccurrence: '1000000', aggregate: '2000000', currency: 'USD' }],
    effectiveFrom: new Date(from).toISOString(),
    expiresAt: new Date(to).toISOString(),
    status: spec.status ?? 'active',
    issuedAt: new Date(from).toISOString(),
  };
};

/** Always the same value: jitter-free, so times in tests are exact. */
export const fixedRandom =
  (value = 0): RandomSource =>
  () =>
    value;

export const ofKind = <K extends EffectKind>(effects: readonly Effect[], kind: K): EffectOf<K>[] =>
  effects.filter((e): e is EffectOf<K> => e.kind === kind);

/** The certificate_event receipts' results, the part of a receipt the lifecycle decides. */
export const certificateReceipts = (effects: readonly Effect[]): CertificateEventReceipt[] =>
  ofKind(effects, 'receipt').map((r) => r.receipt.result as CertificateEventReceipt);

export const notifications = (effects: readonly Effect[]): NotificationDraft[] =>
  ofKind(effects, 'notify').map((n) => n.notification);

/** Persist effects of one entity. */
export const persisted = <E extends EffectOf<'persist'>['entity']>(
  effects: readonly Effect[],
  entity: E,
): Extract<EffectOf<'persist'>, { entity: E }>[] =>
  ofKind(effects, 'persist').filter((p): p is Extract<EffectOf<'persist'>, { entity: E }> => p.entity === entity);

/** Applies events in order, each at its own time; returns the final record and every effect. */
export const run = (
  start: CertificateRecord,
  steps: readonly (readonly [number, LifecycleEvent])[],
  policy: LifecyclePolicy,
  random: RandomSource = fixedRandom(),
): { record: CertificateRecord; effects: Effect[] } => {
  let record = start;
  const effects: Effect[] = [];
  for (const [at, event] of steps) {
    const out = transition(record, event, at, policy, random);
    record = out.record;
    effects.push(...out.effects);
  }
  return { record, effects };
};

/** `start` linked to cert_a and checked good with `certificate`, both at `at`: the usual verified start. */
export const linkedAndVerified = (
  start: CertificateRecord,
  certificate: CertificateDocument,
  policy: LifecyclePolicy,
  at = T0,
  random: RandomSource = fixedRandom(),
): { record: CertificateRecord; effects: Effect[] } =>
  run(
    start,
    [
      [at, { type: 'linked', certificateId: 'cert_a' }],
      [at, { type: 'check_succeeded', certificate }],
    ],
    policy,
    random,
  );

const THRESHOLDS = { '30d': 'days_30', '7d': 'days_7', '1d': 'days_1' } as const;

interface RaisedWarningNotice {
  readonly threshold: 'days_30' | 'days_7' | 'days_1' | 'expired';
  readonly certificateId: string | null;
  readonly expiresAt: string | null;
  readonly at: string;
  readonly severity: NotificationDraft['severity'];
  readonly incident: NotificationDraft['incident'];
  readonly dedupeKey: string;
}

/** The expiry warnings among the notifications, with the lifecycle's own threshold names. */
export const warningsOf = (effects: readonly Effect[]): RaisedWarningNotice[] =>
  notifications(effects).flatMap((n): RaisedWarningNotice[] => {
    const base = { at: n.at, severity: n.severity, incident: n.incident, dedupeKey: n.dedupeKey };
    if (n.type === 'certificate.expiring')
      return [
        {
          ...base,
          threshold: THRESHOLDS[n.facts.threshold],
          certificateId: n.facts.certificateId,
          expiresAt: n.facts.expiresAt,
        },
      ];
    if (n.type === 'certificate.expired')
      return [{ ...base, threshold: 'expired', certificateId: n.facts.certificateId, expiresAt: n.facts.expiresAt }];
    return [];
  });
