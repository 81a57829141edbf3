/**
 * A deterministic simulation of the certificate lifecycle: many customers over many virtual days against
 * the model insurer, driven by the same scheduling code the service uses (DueQueue, CallBudget, checkDue,
 * armFrom). Each event is a transition; the invariants are checked after every one.
 */
import { insurerCallBudget, type CallBudget } from '../../src/domain/certificate/call-budget.ts';
import { DueQueue, armFrom, checkDue } from '../../src/domain/certificate/due-queue.ts';
import { canApply } from '../../src/domain/certificate/guard.ts';
import { makeLifecyclePolicy, type LifecyclePolicy } from '../../src/domain/certificate/policy.ts';
import { seededRandom } from '../../src/domain/certificate/random.ts';
import { newCertificateRecord } from '../../src/domain/certificate/record.ts';
import { transition } from '../../src/domain/certificate/transition.ts';
import {
  eventOfCheck,
  eventOfRenewal,
  type CertificateRecord,
  type LifecycleEvent,
} from '../../src/domain/certificate/types.ts';
import { writable } from '../../src/domain/certificate/view.ts';
import { Invariants } from './invariants.ts';
import { ModelInsurer } from './model-insurer.ts';
import { DAY, HOUR, buildScenario, type SimOptions } from './scenario.ts';

export interface SimReport {
  readonly options: SimOptions;
  readonly violations: readonly string[];
  readonly stats: Readonly<Record<string, number>>;
}

const FAULTS = { timeout: 0.01, tooMany: 0.005, serverError: 0.01 };
const SWEEP_EVERY = 12 * HOUR;

export const runSimulation = (options: SimOptions): SimReport => {
  const wallStart = performance.now();
  const scenario = buildScenario(options, seededRandom(options.seed));
  const machineRandom = seededRandom(options.seed + 1);
  const operatorRandom = seededRandom(options.seed + 2);
  const insurer = new ModelInsurer(
    scenario.profiles,
    scenario.outages,
    FAULTS,
    options.limitPerMinute,
    seededRandom(options.seed + 3),
  );
  const policies: Record<'manual' | 'automatic', LifecyclePolicy> = {
    manual: makeLifecyclePolicy(),
    automatic: makeLifecyclePolicy({ recoveryPolicy: 'automatic' }),
  };
  const policyOf = (c: string): LifecyclePolicy => policies[scenario.profiles.get(c)?.recovery ?? 'manual'];
  const stats: Record<string, number> = {};
  const count = (name: string, n = 1): void => {
    stats[name] = (stats[name] ?? 0) + n;
  };

  const records = new Map<string, CertificateRecord>();
  let wakes = new DueQueue();
  const sim = new DueQueue();
  const oneShots = new Map<string, (t: number) => void>();
  const inflightCheck = new Set<string>();
  let budget: CallBudget = insurerCallBudget(options.limitPerMinute, 0.2);
  const invariants = new Invariants(insurer, policyOf, scenario.start);

  const at = (key: string, t: number, action: (t: number) => void): void => {
    oneShots.set(key, action);
    sim.schedule(key, t);
  };
  const recordOf = (c: string): CertificateRecord => records.get(c) ?? newCertificateRecord(c, scenario.start);
  const arm = (c: string): void => {
    if (!inflightCheck.has(c)) armFrom(wakes, recordOf(c));
  };

  const apply = (c: string, event: LifecycleEvent, t: number): void => {
    const before = recordOf(c);
    const policy = policyOf(c);
    if (!canApply(before, event, t, policy).ok) {
      count('guard_refusals');
      return;
    }
    const out = transition(before, event, t, policy, machineRandom);
    records.set(c, out.record);
    count('transitions');
    for (const fx of out.effects) {
      if (fx.kind === 'notify') {
        const n = fx.notification;
        count(`notify_${n.type}${n.type === 'certificate.expiring' ? `_${n.facts.threshold}` : ''}`);
        invariants.onNotification(fx.notification, t);
      } else if (fx.kind === 'insurer_request') {
        const key = `${fx.purpose === 'renewal' ? 'renew' : 'prov'}:${c}`;
        if (!sim.has(key)) sim.schedule(key, budget.reserve(t));
      }
    }
    invariants.afterTransition(out.record, t);
    arm(c);
    attendTo(c, out.record, t);
  };

  /** The simulated on-call operator: confirms recoveries and provisions replacements, after a human delay. */
  const needsProvisioning = (r: CertificateRecord, t: number): boolean => {
    if (r.provisioningRequestId !== null) return false;
    if (r.certificate?.status === 'revoked' || r.rejectedAt !== null) return true;
    // A declined renewal: the operator arranges a replacement once expiry is near.
    return r.renewal?.halted === true && Date.parse(r.certificate?.expiresAt ?? '') - t < 7 * DAY;
  };
  const attendTo = (c: string, r: CertificateRecord, t: number): void => {
    const key = `op:${c}`;
    if (sim.has(key)) return;
    const w = writable(r, t, policyOf(c));
    if (!w.ok && w.reason === 'awaiting_operator')
      sim.schedule(key, t + Math.floor((1 / 6 + operatorRandom() * 8) * HOUR));
    else if (needsProvisioning(r, t)) sim.schedule(key, t + Math.floor((1 + operatorRandom() * 23) * HOUR));
  };
  let requests = 0;
  const operate = (c: string, t: number): void => {
    const r = recordOf(c);
    const w = writable(r, t, policyOf(c));
    if (!w.ok && w.reason === 'awaiting_operator') {
      apply(c, { type: 'operator_recovered', actor: 'sim-operator' }, t);
      count('operator_recoveries');
    } else if (needsProvisioning(r, t)) {
      apply(c, { type: 'provision_requested', requestId: `req_${++requests}`, actor: 'sim-operator' }, t);
      count('operator_provisions');
    }
  };

  /** A wake-up: a due check is made (its transition also runs the timed steps); otherwise a tick. */
  const wake = (c: string, t: number): void => {
    if (inflightCheck.has(c)) return;
    const r = recordOf(c);
    if (r.certificateId !== null && checkDue(r, t)) {
      inflightCheck.add(c);
      sim.schedule(`check:${c}`, budget.reserve(t));
    } else {
      apply(c, { type: 'tick' }, t);
    }
  };

  const call = (key: string, t: number): void => {
    const [kind, c = ''] = key.split(':');
    const r = recordOf(c);
    if (kind === 'op') return operate(c, t);
    if (kind === 'check') {
      inflightCheck.delete(c);
      count('checks');
      if (r.certificateId === null) return arm(c);
      return apply(c, eventOfCheck(insurer.check(r.certificateId, t)), t);
    }
    if (kind === 'renew') {
      if (r.certificateId === null) return;
      count('renewal_calls');
      const outcome = insurer.renew(c, r.certificateId, t);
      count(outcome.kind === 'verified' ? 'renewals_issued' : `renewal_failed_${outcome.code}`);
      return apply(c, eventOfRenewal(outcome), t);
    }
    if (kind === 'prov') {
      if (r.provisioningRequestId === null) return;
      const outcome = insurer.provision(c, r.provisioningRequestId, t);
      if (outcome.kind === 'issued')
        apply(c, { type: 'linked', certificateId: outcome.certificateId, actor: 'sim-operator' }, t);
      else sim.schedule(key, budget.reserve(t + HOUR));
      return;
    }
    const action = oneShots.get(key);
    oneShots.delete(key);
    action?.(t);
  };

  const restart = (t: number): void => {
    count('restarts');
    for (const [c, r] of records) records.set(c, JSON.parse(JSON.stringify(r)) as CertificateRecord);
    wakes = new DueQueue();
    inflightCheck.clear();
    for (const c of records.keys()) {
      for (const kind of ['check', 'renew', 'prov']) sim.remove(`${kind}:${c}`);
      arm(c);
      // The provisioning follower resumes from the persisted request.
      if (recordOf(c).provisioningRequestId !== null) sim.schedule(`prov:${c}`, t);
    }
    budget = insurerCallBudget(options.limitPerMinute, 0.2, t);
  };

  // The world: initial certificates linked at the start (a burst the budget must spread), then events.
  for (const p of scenario.profiles.values()) {
    const doc = insurer.issue(p.customerId, scenario.start - p.ageMs, p.lifetimeMs, scenario.start - p.ageMs);
    apply(p.customerId, { type: 'linked', certificateId: doc.certificateId, actor: 'sim-operator' }, scenario.start);
  }
  scenario.insurerEvents.forEach((e, i) =>
    at(`ins:${i}`, e.at, (t) => {
      const live = insurer.liveCertificateOf(e.customerId, t);
      if (live === null) return;
      count(e.kind === 'revoke' ? 'revocations' : 'suspensions');
      insurer.setStatus(live.certificateId, e.kind === 'revoke' ? 'revoked' : 'suspended', t);
      if (e.kind === 'suspend')
        at(`ins:${i}:reinstate`, t + e.forMs, (u) => insurer.setStatus(live.certificateId, 'active', u));
    }),
  );
  scenario.outages.forEach((o, i) => {
    at(`outage:${i}:start`, o.from, (t) => invariants.sweep(records.values(), t));
    at(`outage:${i}:end`, o.to, (t) => invariants.sweep(records.values(), t));
  });
  scenario.restarts.forEach((t0, i) => at(`restart:${i}`, t0, restart));
  for (let t0 = scenario.start + SWEEP_EVERY; t0 <= scenario.end; t0 += SWEEP_EVERY)
    at(`sweep:${t0}`, t0, (t) => invariants.sweep(records.values(), t));

  for (;;) {
    const a = wakes.nextAt();
    const b = sim.nextAt();
    const t = a === null ? b : b === null ? a : Math.min(a, b);
    if (t === null || t > scenario.end) break;
    if (b !== null && b <= t) {
      for (const key of sim.popDue(t, 1)) call(key, t);
    } else {
      for (const c of wakes.popDue(t, 1)) wake(c, t);
    }
  }
  invariants.sweep(records.values(), scenario.end);

  count('insurer_calls', insurer.calls);
  count('insurer_faults', insurer.faults);
  count('rate_limit_violations', insurer.rateLimitViolations);
  if (insurer.rateLimitViolations > 0)
    invariants.violation(
      `the insurer's rate limit (${options.limitPerMinute}/min) was exceeded ${insurer.rateLimitViolations} times`,
    );
  Object.assign(stats, invariants.stats());
  stats['wall_ms'] = Math.round(performance.now() - wallStart);
  stats['virtual_days'] = (scenario.end - scenario.start) / DAY;
  return { options, violations: invariants.violations, stats };
};
