/**
 * The machine against a deliberately simple model, over random event sequences in virtual time. The
 * harness plays the scheduler (a tick at every wake-up, a check whenever one is due) and an insurer whose
 * truth the steps change; operators and the insurer's renewal answers arrive as random steps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/domain-error.ts';
import { isActive, type CertificateDocument } from '../insurance/certificate.ts';
import { canApply } from './guard.ts';
import { makeLifecyclePolicy, type LifecyclePolicy } from './policy.ts';
import { seededRandom } from './random.ts';
import { newCertificateRecord } from './record.ts';
import { DAY, HOUR, MINUTE, T0, makeCert, warningsOf } from '../../../test/support/lifecycle.ts';
import { transition } from './transition.ts';
import type { CertificateRecord, LifecycleEvent } from './types.ts';
import { currentState, effectiveCertificate, lastVerification, writable } from './view.ts';
import { dueWarnings } from './warnings.ts';

type Step =
  | { readonly k: 'advance'; readonly dt: number }
  | { readonly k: 'insurer'; readonly doc: number }
  | { readonly k: 'link'; readonly doc: number }
  | { readonly k: 'rotate'; readonly doc: number }
  | { readonly k: 'obtained'; readonly doc: number }
  | { readonly k: 'renewal_failed'; readonly permanent: boolean }
  | { readonly k: 'check_failed'; readonly permanent: boolean }
  | { readonly k: 'recover' }
  | { readonly k: 'renew' }
  | { readonly k: 'provision' }
  | { readonly k: 'restart' }
  | { readonly k: 'outage'; readonly down: boolean }
  | { readonly k: 'status'; readonly status: CertificateDocument['status'] };

const certArb = fc
  .record({
    id: fc.constantFrom('cert_a', 'cert_b', 'cert_c'),
    from: fc.integer({ min: -40, max: 20 }),
    life: fc.integer({ min: 1, max: 80 }),
    status: fc.constantFrom('active', 'active', 'active', 'suspended', 'revoked'),
    insured: fc.constantFrom('cus_1', 'cus_1', 'cus_1', 'cus_other'),
  })
  .map((c) =>
    makeCert({
      id: c.id,
      from: T0 + c.from * DAY,
      to: T0 + (c.from + c.life) * DAY,
      status: c.status,
      insured: c.insured,
    }),
  );

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .oneof(fc.integer({ min: 0, max: 3 * HOUR }), fc.integer({ min: 0, max: 4 * DAY }))
      .map((dt) => ({ k: 'advance' as const, dt })),
  },
  { weight: 3, arbitrary: fc.nat(5).map((doc) => ({ k: 'insurer' as const, doc })) },
  { weight: 1, arbitrary: fc.nat(5).map((doc) => ({ k: 'link' as const, doc })) },
  { weight: 1, arbitrary: fc.nat(5).map((doc) => ({ k: 'rotate' as const, doc })) },
  { weight: 2, arbitrary: fc.nat(5).map((doc) => ({ k: 'obtained' as const, doc })) },
  { weight: 1, arbitrary: fc.boolean().map((permanent) => ({ k: 'renewal_failed' as const, permanent })) },
  { weight: 1, arbitrary: fc.boolean().map((permanent) => ({ k: 'check_failed' as const, permanent })) },
  { weight: 2, arbitrary: fc.constant({ k: 'recover' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'renew' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'provision' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'restart' as const }) },
  { weight: 2, arbitrary: fc.boolean().map((down) => ({ k: 'outage' as const, down })) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('active', 'active', 'suspended', 'revoked')
      .map((status) => ({ k: 'status' as const, status })),
  },
);

/** How the surroundings behave in one run: insurer flakiness, and how often a waiting operator confirms. */
const worldArb = fc.record({ failRate: fc.constantFrom(0, 0.1, 0.4), operatorCare: fc.constantFrom(0, 0.5, 1) });
type World = { readonly failRate: number; readonly operatorCare: number };

const policyArb = fc
  .record({ automatic: fc.boolean(), n: fc.integer({ min: 1, max: 3 }), graceDays: fc.integer({ min: 1, max: 7 }) })
  .map(({ automatic, n, graceDays }) =>
    makeLifecyclePolicy({
      recoveryPolicy: automatic ? 'automatic' : 'manual',
      recoveryGoodChecks: n,
      graceMs: graceDays * DAY,
    }),
  );

/** The model: which certificate governs, whether it is sound, and whether a recovery is pending. */
class Model {
  id: string | null = null;
  doc: CertificateDocument | null = null;
  verifiedAt: number | null = null;
  rejected = false;
  successor: { doc: CertificateDocument; at: number } | null = null;
  pending = false;
  streak = 0;
  operatorOk = false;

  constructor(readonly policy: LifecyclePolicy) {}

  degraded(t: number): boolean {
    const d = this.doc;
    if (d === null) return false;
    return (
      d.status !== 'active' ||
      t >= Date.parse(d.expiresAt) ||
      this.rejected ||
      this.verifiedAt === null ||
      t >= this.verifiedAt + this.policy.graceMs
    );
  }

  writable(t: number): boolean {
    const d = this.doc;
    if (d === null || this.degraded(t) || t < Date.parse(d.effectiveFrom)) return false;
    return (
      !this.pending ||
      (this.streak >= this.policy.recoveryGoodChecks && (this.policy.recoveryPolicy === 'automatic' || this.operatorOk))
    );
  }

  #install(doc: CertificateDocument, verifiedAt: number): void {
    this.id = doc.certificateId;
    this.doc = doc;
    this.verifiedAt = Math.max(this.verifiedAt ?? verifiedAt, verifiedAt);
    this.rejected = false;
    this.successor = null;
  }

  #noteDegradation(t: number): void {
    if (this.degraded(t)) {
      this.pending = true;
      this.streak = 0;
      this.operatorOk = false;
    }
  }

  apply(t: number, e: LifecycleEvent): void {
    if (this.successor !== null && Date.parse(this.successor.doc.effectiveFrom) <= t)
      this.#install(this.successor.doc, this.successor.at);
    this.#noteDegradation(t);
    let good = false;
    switch (e.type) {
      case 'linked':
        if (e.certificateId !== this.id || this.doc === null) {
          this.id = e.certificateId;
          this.doc = null;
          this.verifiedAt = null;
          this.rejected = false;
          this.successor = null;
        }
        break;
      case 'check_succeeded':
        if (e.certificate.certificateId === this.id) {
          this.doc = e.certificate;
          this.verifiedAt = t;
          this.rejected = false;
          good = isActive(e.certificate, t);
        }
        break;
      case 'check_failed':
        this.streak = 0;
        if (e.failure === 'permanent') this.rejected = true;
        break;
      case 'rotated':
        this.verifiedAt = null;
        this.#install(e.certificate, t);
        good = true;
        break;
      case 'renewal_obtained': {
        const n = e.certificate;
        const cur = this.doc;
        const valid =
          n.status === 'active' &&
          Date.parse(n.expiresAt) > t &&
          (cur === null ||
            (n.certificateId !== cur.certificateId &&
              Date.parse(n.expiresAt) > Date.parse(cur.expiresAt) &&
              n.insured.reference === cur.insured.reference));
        if (!valid) break;
        if (cur === null || Date.parse(n.effectiveFrom) <= t) {
          this.#install(n, t);
          good = isActive(n, t);
        } else {
          this.successor = { doc: n, at: t };
        }
        break;
      }
      case 'operator_recovered':
        this.operatorOk = true;
        break;
      case 'provision_requested':
      case 'tick':
      case 'renewal_started':
      case 'renewal_failed':
        break;
    }
    this.#noteDegradation(t);
    const live = this.doc !== null && isActive(this.doc, t) && !this.degraded(t);
    if (good && this.pending && live) this.streak += 1;
    if (this.pending && live && this.writable(t)) this.pending = false;
  }
}

const runCase = (
  policy: LifecyclePolicy,
  world: World,
  pool: readonly CertificateDocument[],
  steps: readonly Step[],
  seed: number,
): void => {
  const random = seededRandom(seed);
  const model = new Model(policy);
  const truth = new Map<string, CertificateDocument>();
  for (const c of pool) if (!truth.has(c.certificateId)) truth.set(c.certificateId, c);
  const docAt = (i: number): CertificateDocument => pool[i % pool.length] ?? makeCert();
  let record: CertificateRecord = newCertificateRecord('cus_1', T0);
  let t = T0;
  let insurerDown = false;
  const raised = new Set<string>();

  const apply = (event: LifecycleEvent): void => {
    const guard = canApply(record, event, t, policy);
    if (!guard.ok) {
      let code: string | null = null;
      try {
        transition(record, event, t, policy, random);
      } catch (e) {
        code = isDomainError(e) ? e.code : 'other';
      }
      expect(code).toBe(guard.error.code);
      return;
    }
    const out = transition(record, event, t, policy, random);
    model.apply(t, event);
    const persisted = out.effects.some((e) => e.kind === 'persist');
    expect(out.record.version).toBe(record.version + (persisted ? 1 : 0));
    for (const w of warningsOf(out.effects)) {
      const key = `${w.certificateId}|${w.expiresAt}|${w.threshold}`;
      expect(raised.has(key), `warning raised twice: ${key}`).toBe(false);
      raised.add(key);
    }
    record = out.record;
    // The machine agrees with the model on the decision that matters.
    const answer = writable(record, t, policy);
    expect(answer.ok, `writable at +${(t - T0) / HOUR} h after ${event.type}: ${JSON.stringify(answer)}`).toBe(
      model.writable(t),
    );
    // ...and on the facts behind it: which certificate governs, and the recovery's progress.
    expect(effectiveCertificate(record, t)?.certificateId ?? null).toBe(model.doc?.certificateId ?? null);
    expect(record.recovery !== null).toBe(model.pending);
    if (record.recovery !== null) {
      expect(record.recovery.goodChecks).toBe(model.streak);
      expect(record.recovery.operatorVerifiedAt !== null).toBe(model.operatorOk);
    }
    // Never a live-looking state, nor writes, without a live certificate verified within the grace.
    const cert = effectiveCertificate(record, t);
    const state = currentState(record, t, policy);
    if (state === 'active' || state === 'expiring' || state === 'renewing')
      expect(cert !== null && isActive(cert, t)).toBe(true);
    if (answer.ok) {
      expect(cert !== null && isActive(cert, t)).toBe(true);
      expect(t - (lastVerification(record, t) ?? Number.NEGATIVE_INFINITY)).toBeLessThan(policy.graceMs);
    }
    // Every crossed threshold is accounted for, and a linked record always has a check planned.
    expect(dueWarnings(record, t, policy)).toEqual([]);
    if (record.certificateId !== null) expect(record.nextCheckAt).not.toBeNull();
  };

  const checkNow = (): void => {
    const id = record.certificateId;
    const doc = id === null ? undefined : truth.get(id);
    const roll = random();
    if (doc === undefined) apply({ type: 'check_failed', failure: 'permanent', code: 'not_found' });
    else if (insurerDown || roll < world.failRate)
      apply({ type: 'check_failed', failure: 'transient', code: 'timeout' });
    else apply({ type: 'check_succeeded', certificate: doc });
    const answer = writable(record, t, policy);
    if (!answer.ok && answer.reason === 'awaiting_operator' && random() < world.operatorCare)
      apply({ type: 'operator_recovered', actor: 'ops' });
  };

  for (const step of steps) {
    switch (step.k) {
      case 'advance': {
        const target = t + step.dt;
        let guard = 0;
        while (record.wakeAt !== null && record.wakeAt <= target) {
          expect(++guard, 'the scheduler spins').toBeLessThan(5000);
          t = Math.max(t, record.wakeAt);
          if (record.nextCheckAt !== null && record.nextCheckAt <= t) checkNow();
          else apply({ type: 'tick' });
        }
        t = target;
        break;
      }
      case 'insurer': {
        const doc = docAt(step.doc);
        truth.set(doc.certificateId, doc);
        break;
      }
      case 'link':
        apply({ type: 'linked', certificateId: docAt(step.doc).certificateId });
        break;
      case 'rotate':
        apply({ type: 'rotated', certificate: docAt(step.doc) });
        break;
      case 'obtained':
        apply({ type: 'renewal_obtained', certificate: docAt(step.doc) });
        break;
      case 'renewal_failed':
        apply({ type: 'renewal_failed', failure: step.permanent ? 'permanent' : 'transient', code: 'x' });
        break;
      case 'check_failed':
        apply({ type: 'check_failed', failure: step.permanent ? 'permanent' : 'transient', code: 'x' });
        break;
      case 'recover':
        apply({ type: 'operator_recovered', actor: 'ops' });
        break;
      case 'renew':
        apply({ type: 'renewal_started' });
        break;
      case 'provision':
        apply({ type: 'provision_requested', requestId: 'req_1' });
        break;
      case 'restart':
        record = JSON.parse(JSON.stringify(record)) as CertificateRecord;
        break;
      case 'outage':
        insurerDown = step.down;
        break;
      case 'status': {
        // The insurer suspends, reinstates or revokes the linked certificate.
        const current = record.certificateId === null ? undefined : truth.get(record.certificateId);
        if (current !== undefined) truth.set(current.certificateId, { ...current, status: step.status });
        break;
      }
    }
  }
};

describe('lifecycle machine vs model (property)', () => {
  it('agrees on writability and keeps the invariants over random histories', () => {
    fc.assert(
      fc.property(
        policyArb,
        worldArb,
        fc.array(certArb, { minLength: 1, maxLength: 6 }),
        fc.array(stepArb, { minLength: 1, maxLength: 100 }),
        fc.integer(),
        (policy, world, pool, steps, seed) => runCase(policy, world, pool, steps, seed),
      ),
      { numRuns: 1500 },
    );
  });

  it('replays a seeded history deterministically', () => {
    const pool = [
      makeCert({ from: T0 - DAY, to: T0 + 20 * DAY }),
      makeCert({ id: 'cert_b', from: T0 + 20 * DAY, to: T0 + 60 * DAY }),
    ];
    const steps: Step[] = [
      { k: 'link', doc: 0 },
      { k: 'advance', dt: 30 * MINUTE },
      { k: 'advance', dt: 4 * DAY },
      { k: 'obtained', doc: 1 },
      { k: 'advance', dt: 4 * DAY },
    ];
    expect(() => runCase(makeLifecyclePolicy(), { failRate: 0.1, operatorCare: 1 }, pool, steps, 1)).not.toThrow();
    const pool2 = [makeCert({ from: T0 - DAY, to: T0 + 60 * DAY })];
    runCase(
      makeLifecyclePolicy(),
      { failRate: 0, operatorCare: 0 },
      pool2,
      [
        { k: 'link', doc: 0 },
        { k: 'advance', dt: HOUR },
        { k: 'outage', down: true },
        { k: 'advance', dt: 4 * DAY },
        { k: 'advance', dt: 4 * DAY },
      ],
      1,
    );
  });
});
