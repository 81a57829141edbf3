/** Builders shared by the lifecycle's tests and the simulation: certificates, fixed randomness, event runs. */
import type { CertificateDocument } from '../insurance/certificate.ts';
import type { LifecycleEffect, LifecycleEffectKind } from './effects.ts';
import type { LifecyclePolicy } from './policy.ts';
import type { RandomSource } from './random.ts';
import { transition } from './transition.ts';
import type { CertificateRecord, LifecycleEvent } from './types.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const T0 = Date.UTC(2026, 0, 1);

export interface CertSpec {
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

export const ofKind = <K extends LifecycleEffectKind>(
  effects: readonly LifecycleEffect[],
  kind: K,
): Extract<LifecycleEffect, { kind: K }>[] =>
  effects.filter((e): e is Extract<LifecycleEffect, { kind: K }> => e.kind === kind);

/** Applies events in order, each at its own time; returns the final record and every effect. */
export const run = (
  start: CertificateRecord,
  steps: readonly (readonly [number, LifecycleEvent])[],
  policy: LifecyclePolicy,
  random: RandomSource = fixedRandom(),
): { record: CertificateRecord; effects: LifecycleEffect[] } => {
  let record = start;
  const effects: LifecycleEffect[] = [];
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
): { record: CertificateRecord; effects: LifecycleEffect[] } =>
  run(
    start,
    [
      [at, { type: 'linked', certificateId: 'cert_a' }],
      [at, { type: 'check_succeeded', certificate }],
    ],
    policy,
    random,
  );
