/**
 * The deployment machine: transition(record, event, now) -> { record, effects }. Pure: ids and time come
 * in, effects go out as data (persist with the capacity it takes or frees, receipt, audit, notify,
 * metric, log). Apply transitions for one customer under its lock; a refused event throws DomainError
 * and changes nothing.
 */
import type { ContractLimits } from '../customer/types.ts';
import { count, type Effect, type ReceiptStamp } from '../effects/types.ts';
import { DomainError } from '../errors/domain-error.ts';
import { DISCLAIMERS } from '../mode/decorate.ts';
import { insuranceIncident } from '../notifications/types.ts';
import { isoOf } from '../shared/clock.ts';
import { ensureCapacity, usageDelta } from './capacity.ts';
import { publicOutcome, type DeploymentOutcome, type ExecutionOutcome } from './outcome.ts';
import { ALLOWED, type Deployment, type DeploymentState, type DeploymentUsage, type ParameterValue } from './types.ts';

export interface DeploymentRequest {
  readonly id: string;
  readonly customerId: string;
  readonly contractReference: string;
  readonly target: string;
  readonly artifact: string;
  readonly capacityUnits: number;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
}

export type DeploymentEvent =
  | {
      /** Reserve capacity; with `immediate` (a bookkeeping target) the deployment is done at once. */
      readonly type: 'reserve';
      readonly request: DeploymentRequest;
      readonly limits: ContractLimits;
      readonly usage: DeploymentUsage;
      readonly stamp: ReceiptStamp;
      readonly immediate: ExecutionOutcome | null;
      readonly receiptId: string;
      readonly actor: string;
    }
  | { readonly type: 'start' }
  | {
      /** The executor finished; `authorityHeld` says whether the customer may still act as accepted. */
      readonly type: 'finish';
      readonly outcome: ExecutionOutcome;
      readonly stamp: ReceiptStamp;
      readonly authorityHeld: boolean;
      readonly receiptId: string;
      /** Who recorded it: the executor's run (`system`, the default), or the operator resolving an orphan. */
      readonly actor?: string;
      /** The outcome's note when it is not one of the machine's own (lost authority, stopped). */
      readonly note?: string;
    }
  | { readonly type: 'remove'; readonly stamp: ReceiptStamp; readonly receiptId: string; readonly actor: string }
  | {
      /**
       * Its owner is gone (the instance running it died or lost its lease): it is stopped and rolled back,
       * never run again. `actor` is the instance that took it over, or the operator resolving it.
       */
      readonly type: 'abandon';
      readonly receiptId: string;
      readonly actor: string;
      readonly note: string;
      readonly details: Readonly<Record<string, string>>;
    }
  | {
      /**
       * Its owner is gone and recovery leaves it to an operator (TAI_ORPHANED_DEPLOYMENTS=operator): it stays
       * reserved or running, holding its capacity, is never started or run again, and awaits `abandon` or an
       * operator's `finish`. `actor` is the instance that took it over.
       */
      readonly type: 'orphan';
      readonly actor: string;
      readonly details: Readonly<Record<string, string>>;
    };

interface DeploymentTransition {
  readonly record: Deployment;
  readonly effects: readonly Effect[];
}

const LOST_AUTHORITY_NOTE =
  'stopped: the customer lost the authority to deploy (insurance lapsed, revoked or read-only) while it ran';
const STOPPED_NOTE = 'stopped: the service stopped while it ran; nothing was committed as done';

/** A stamp that no longer claims insurance: what an operation that lost its authority is receipted under. */
const advisory = (stamp: ReceiptStamp): ReceiptStamp => ({
  ...stamp,
  authority: 'advisory',
  insurance: null,
  disclaimer: DISCLAIMERS[stamp.mode === 'eval' ? 'eval' : 'pilot'],
});

const requestOf = (d: Deployment) => ({
  deploymentId: d.id,
  target: d.target,
  artifact: d.artifact,
  capacityUnits: d.capacityUnits,
});

const move = (d: Deployment, to: DeploymentState, at: string, patch: Partial<Deployment> = {}): Deployment => {
  if (!ALLOWED[d.state].includes(to))
    throw new DomainError('TAI-DEPLOYMENT-NOT-ACTIVE', { detail: `${d.id} is ${d.state}, cannot become ${to}` });
  return { ...d, ...patch, state: to, updatedAt: at };
};

const persist = (record: Deployment, from: DeploymentState | null): Effect => ({
  kind: 'persist',
  entity: 'deployment',
  record,
  from,
  usage: usageDelta(from, record.state, record.capacityUnits),
});

const receipt = (d: Deployment, kind: string, id: string, stamp: ReceiptStamp, result: unknown): Effect => ({
  kind: 'receipt',
  receipt: { id, customerId: d.customerId, kind, stamp, request: requestOf(d), result },
});

/** Who is told about an unsuccessful end, once per deployment and outcome. */
const notifyEnd = (d: Deployment, outcome: DeploymentOutcome, lostAuthority: boolean): Effect[] => {
  const base = { customerId: d.customerId, at: d.updatedAt };
  const what = { deploymentId: d.id, target: d.target, artifact: d.artifact };
  if (d.state === 'failed') {
    return [
      {
        kind: 'notify',
        notification: {
          ...base,
          type: 'deployment.failed',
          severity: 'warning',
          dedupeKey: `deployment.failed:${d.id}`,
          incident: null,
          facts: { ...what, reason: outcome.reason ?? 'failed', exitCode: outcome.exitCode },
        },
      },
    ];
  }
  if (d.state !== 'rolled_back') return [];
  return [
    lostAuthority
      ? {
          kind: 'notify',
          notification: {
            ...base,
            type: 'deployment.failed_insurance',
            severity: 'critical',
            dedupeKey: `deployment.failed_insurance:${d.id}`,
            incident: insuranceIncident(d.customerId, 'trigger'),
            facts: { ...what, reason: outcome.note ?? LOST_AUTHORITY_NOTE },
          },
        }
      : {
          kind: 'notify',
          notification: {
            ...base,
            type: 'deployment.rolled_back',
            severity: 'critical',
            dedupeKey: `deployment.rolled_back:${d.id}`,
            incident: { key: `${d.customerId}:deployment:${d.id}`, action: 'trigger' },
            facts: { ...what, note: outcome.note ?? STOPPED_NOTE },
          },
        },
  ];
};

const finished = (d: Deployment): Effect[] =>
  d.state === 'reserved' || d.state === 'running' ? [] : [count('tai_deployments_finished_total', { state: d.state })];

const reserve = (event: Extract<DeploymentEvent, { type: 'reserve' }>, nowMs: number): DeploymentTransition => {
  const { request, stamp, immediate } = event;
  ensureCapacity(event.usage, event.limits, request.capacityUnits);
  const at = isoOf(nowMs);
  const outcome = immediate === null ? null : publicOutcome(immediate);
  const state: DeploymentState =
    outcome === null ? 'reserved' : outcome.status === 'succeeded' ? 'succeeded' : 'failed';
  const record: Deployment = {
    ...request,
    state,
    authority: stamp.authority,
    insurance: stamp.insurance,
    outcome,
    receipts: [event.receiptId],
    orphanedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  const result = {
    deploymentId: record.id,
    state,
    capacityUnits: record.capacityUnits,
    ...(outcome === null ? {} : { outcome }),
  };
  return {
    record,
    effects: [
      receipt(record, 'deploy', event.receiptId, stamp, result),
      persist(record, null),
      ...(outcome === null ? [] : notifyEnd(record, outcome, false)),
      {
        kind: 'audit',
        type: outcome === null ? 'deploy.accepted' : `deploy.${state}`,
        actor: event.actor,
        customerId: record.customerId,
        outcome: state === 'failed' ? 'failure' : 'success',
        details: {
          deploymentId: record.id,
          target: record.target,
          capacityUnits: record.capacityUnits,
          authority: stamp.authority,
          receiptId: event.receiptId,
        },
      },
      count('tai_deploy_requests_total', { outcome: 'success' }),
      ...finished(record),
    ],
  };
};

const finish = (
  d: Deployment,
  event: Extract<DeploymentEvent, { type: 'finish' }>,
  nowMs: number,
): DeploymentTransition => {
  // An executor's outcome exists only for a deployment that was started.
  if (d.state !== 'running')
    throw new DomainError('TAI-DEPLOYMENT-NOT-ACTIVE', { detail: `${d.id} is ${d.state}, not running` });
  const o = event.outcome;
  const aborted = o.status === 'failed' && o.reason === 'aborted';
  const rolledBack = !event.authorityHeld || aborted;
  const note = !event.authorityHeld ? LOST_AUTHORITY_NOTE : aborted ? STOPPED_NOTE : (event.note ?? null);
  const outcome = publicOutcome(o, note);
  const to: DeploymentState = rolledBack ? 'rolled_back' : o.status === 'succeeded' ? 'succeeded' : 'failed';
  const stamp = event.authorityHeld ? event.stamp : advisory(event.stamp);
  const record = move(d, to, isoOf(nowMs), { outcome, receipts: [...d.receipts, event.receiptId] });
  const failure: Effect[] =
    o.status === 'failed'
      ? [
          {
            kind: 'log',
            level: 'warn',
            msg: 'deployment did not succeed',
            fields: { deploymentId: d.id, state: to, reason: o.reason, detail: o.detail },
          },
        ]
      : [];
  return {
    record,
    effects: [
      receipt(record, 'deploy_completion', event.receiptId, stamp, { deploymentId: d.id, state: to, outcome }),
      persist(record, d.state),
      ...notifyEnd(record, outcome, !event.authorityHeld),
      {
        kind: 'audit',
        type: `deploy.${to}`,
        actor: event.actor ?? 'system',
        customerId: d.customerId,
        outcome: to === 'succeeded' ? 'success' : 'failure',
        details: { deploymentId: d.id, receiptId: event.receiptId },
      },
      ...finished(record),
      ...failure,
    ],
  };
};

const remove = (
  d: Deployment,
  event: Extract<DeploymentEvent, { type: 'remove' }>,
  nowMs: number,
): DeploymentTransition => {
  // Reserved and running deployments finish through their own flow first; only a succeeded one is removed.
  if (d.state !== 'succeeded') throw new DomainError('TAI-DEPLOYMENT-NOT-ACTIVE', { detail: `${d.id} is ${d.state}` });
  const record = move(d, 'removed', isoOf(nowMs), { receipts: [...d.receipts, event.receiptId] });
  return {
    record,
    effects: [
      receipt(record, 'deployment_removed', event.receiptId, event.stamp, { deploymentId: d.id, state: 'removed' }),
      persist(record, d.state),
      {
        kind: 'audit',
        type: 'deploy.removed',
        actor: event.actor,
        customerId: d.customerId,
        outcome: 'success',
        details: { deploymentId: d.id, receiptId: event.receiptId },
      },
      ...finished(record),
    ],
  };
};

const ABANDONED_DISCLAIMER =
  'Advisory: records that this deployment was stopped and rolled back after the service instance running it was lost; nothing was committed as done under the contract.';

/** An orphaned reserved or running deployment is rolled back under an advisory receipt: nothing was committed as done. */
const abandon = (
  d: Deployment,
  event: Extract<DeploymentEvent, { type: 'abandon' }>,
  nowMs: number,
): DeploymentTransition => {
  if (d.state !== 'reserved' && d.state !== 'running')
    throw new DomainError('TAI-DEPLOYMENT-NOT-ACTIVE', { detail: `${d.id} is ${d.state}, not in flight` });
  const outcome: DeploymentOutcome = {
    status: 'failed',
    reason: 'aborted',
    exitCode: null,
    durationMs: 0,
    output: '',
    truncated: false,
    note: event.note,
  };
  const record = move(d, 'rolled_back', isoOf(nowMs), { outcome, receipts: [...d.receipts, event.receiptId] });
  return {
    record,
    effects: [
      {
        kind: 'receipt',
        receipt: {
          id: event.receiptId,
          customerId: d.customerId,
          kind: 'deploy_completion',
          stamp: null,
          disclaimer: ABANDONED_DISCLAIMER,
          request: requestOf(d),
          result: { deploymentId: d.id, state: 'rolled_back', outcome },
        },
      },
      persist(record, d.state),
      ...notifyEnd(record, outcome, false),
      {
        kind: 'audit',
        type: 'deploy.rolled_back',
        actor: event.actor,
        customerId: d.customerId,
        outcome: 'failure',
        details: { deploymentId: d.id, receiptId: event.receiptId, from: d.state, ...event.details },
      },
      ...finished(record),
    ],
  };
};

/** An orphaned reserved or running deployment left for an operator: same state, same capacity, marked. */
const orphan = (
  d: Deployment,
  event: Extract<DeploymentEvent, { type: 'orphan' }>,
  nowMs: number,
): DeploymentTransition => {
  if (d.state !== 'reserved' && d.state !== 'running')
    throw new DomainError('TAI-DEPLOYMENT-NOT-ACTIVE', { detail: `${d.id} is ${d.state}, not in flight` });
  if (d.orphanedAt !== null)
    throw new DomainError('TAI-DEPLOYMENT-NOT-ACTIVE', { detail: `${d.id} awaits an operator since ${d.orphanedAt}` });
  const at = isoOf(nowMs);
  const record: Deployment = { ...d, orphanedAt: at, updatedAt: at };
  return {
    record,
    effects: [
      persist(record, d.state),
      {
        kind: 'audit',
        type: 'deploy.awaiting_operator',
        actor: event.actor,
        customerId: d.customerId,
        outcome: 'success',
        details: { deploymentId: d.id, state: d.state, capacityUnits: d.capacityUnits, ...event.details },
      },
      {
        kind: 'log',
        level: 'warn',
        msg: 'orphaned deployment stopped and left for an operator: POST /v1/admin/deployments/{id}/resolve',
        fields: { deploymentId: d.id, customerId: d.customerId, state: d.state, capacityUnits: d.capacityUnits },
      },
    ],
  };
};

/** Applies `event` to `record` (null before the first event, which must reserve). */
export const transition = (record: Deployment | null, event: DeploymentEvent, nowMs: number): DeploymentTransition => {
  if (event.type === 'reserve') {
    if (record !== null) throw new DomainError('TAI-DEPLOYMENT-NOT-ACTIVE', { detail: `${record.id} already exists` });
    return reserve(event, nowMs);
  }
  if (record === null) throw new DomainError('TAI-DEPLOYMENT-NOT-FOUND', { detail: `no deployment to ${event.type}` });
  switch (event.type) {
    case 'start': {
      // An orphan's command is never started (or run again) whoever asks.
      if (record.orphanedAt !== null)
        throw new DomainError('TAI-DEPLOYMENT-NOT-ACTIVE', { detail: `${record.id} awaits an operator` });
      const next = move(record, 'running', isoOf(nowMs));
      return { record: next, effects: [persist(next, record.state)] };
    }
    case 'finish':
      return finish(record, event, nowMs);
    case 'remove':
      return remove(record, event, nowMs);
    case 'abandon':
      return abandon(record, event, nowMs);
    case 'orphan':
      return orphan(record, event, nowMs);
  }
};
