/**
 * The lifecycle state machine: transition(record, event, now, policy, random) -> { record, effects }.
 * Pure: time and randomness come in as arguments, effects go out as data. Apply transitions for one
 * customer one at a time (the record's version supports optimistic concurrency).
 */
import { DomainError } from '../errors/domain-error.ts';
import { isoOf } from '../shared/clock.ts';
import type { Effect } from '../effects/types.ts';
import { CERTIFICATE_EVENT_DISCLAIMER, type CertificateEventReceipt } from './effects.ts';
import type { Draft, Step } from './draft.ts';
import { canApply } from './guard.ts';
import { handle } from './handlers.ts';
import type { LifecyclePolicy } from './policy.ts';
import type { RandomSource } from './random.ts';
import {
  advanceRenewal,
  completeRecovery,
  countGoodCheck,
  ensureRenewalPlan,
  raiseWarnings,
  settleDegradation,
  switchToSuccessorIfDue,
} from './settle.ts';
import { newCertificateRecord } from './record.ts';
import { computeWakeAt } from './timing.ts';
import type { CertificateRecord, LifecycleEvent } from './types.ts';
import { currentState, writable, type WritableAnswer } from './view.ts';

interface TransitionResult {
  readonly record: CertificateRecord;
  readonly effects: readonly Effect[];
}

const actorOf = (event: LifecycleEvent): string | null => ('actor' in event ? (event.actor ?? null) : null);

const sameAnswer = (a: WritableAnswer, b: WritableAnswer): boolean => (a.ok ? b.ok : !b.ok && a.reason === b.reason);

/** Applies `event` at `nowMs`. Throws DomainError when an operator event's precondition fails (see canApply). */
export const transition = (
  record: CertificateRecord,
  event: LifecycleEvent,
  nowMs: number,
  policy: LifecyclePolicy,
  random: RandomSource,
): TransitionResult => {
  const guard = canApply(record, event, nowMs, policy);
  if (!guard.ok) throw new DomainError(guard.error.code, { detail: guard.error.detail });
  const s: Step = {
    d: { ...record },
    now: nowMs,
    policy,
    random,
    fx: [],
    actor: actorOf(event),
    goodCheck: false,
    checked: false,
    notable: false,
    switched: false,
  };
  switchToSuccessorIfDue(s);
  // Degradations that happened before this event (say, a missed wake-up at grace end) are recorded first.
  settleDegradation(s);
  handle(s, event);
  settleDegradation(s);
  countGoodCheck(s);
  completeRecovery(s);
  ensureRenewalPlan(s);
  advanceRenewal(s);
  raiseWarnings(s);
  if (s.goodCheck && s.d.recovery !== null && s.d.nextCheckAt !== null) {
    s.d.nextCheckAt = Math.min(s.d.nextCheckAt, nowMs + policy.recoveryCheckIntervalMs);
  }
  s.d.state = currentState(s.d, nowMs, policy);
  s.d.wakeAt = computeWakeAt(s.d, nowMs, policy);
  return finish(record, s, event);
};

const FIELDS = Object.keys(newCertificateRecord('', 0)) as readonly (keyof CertificateRecord)[];

const changed = (before: CertificateRecord, after: Draft): boolean => {
  for (const key of FIELDS) if (before[key] !== after[key]) return true;
  return false;
};

const finish = (before: CertificateRecord, s: Step, event: LifecycleEvent): TransitionResult => {
  if (!changed(before, s.d)) return { record: before, effects: s.fx };
  const after: CertificateRecord = { ...s.d, version: before.version + 1, updatedAt: s.now };
  const effects: Effect[] = [
    { kind: 'persist', entity: 'certificate', record: after, expectedVersion: before.version },
    ...s.fx,
  ];
  const is = writable(after, s.now, s.policy);
  if (
    s.notable ||
    s.switched ||
    before.state !== after.state ||
    !sameAnswer(writable(before, before.updatedAt, s.policy), is)
  ) {
    const result: CertificateEventReceipt = {
      kind: 'certificate_event',
      customerId: after.customerId,
      event: s.switched && event.type === 'tick' ? 'switched_to_successor' : event.type,
      fromState: before.state,
      toState: after.state,
      writable: is.ok,
      reason: is.ok ? null : is.reason,
      certificateId: after.certificateId,
      expiresAt: after.certificate?.expiresAt ?? null,
      actor: s.actor,
      at: isoOf(s.now),
    };
    effects.push({
      kind: 'receipt',
      receipt: {
        customerId: after.customerId,
        kind: 'certificate_event',
        stamp: null,
        request: { event: result.event, actor: result.actor },
        result,
        disclaimer: CERTIFICATE_EVENT_DISCLAIMER,
      },
    });
  }
  if (before.state !== after.state) {
    effects.push({
      kind: 'metric',
      op: 'inc',
      name: 'tai_certificate_transitions_total',
      value: 1,
      labels: { from: before.state, to: after.state },
    });
  }
  if (before.wakeAt !== after.wakeAt || before.nextCheckAt !== after.nextCheckAt) {
    effects.push({
      kind: 'schedule',
      customerId: after.customerId,
      nextCheckAt: after.nextCheckAt,
      wakeAt: after.wakeAt,
    });
  }
  return { record: after, effects };
};
