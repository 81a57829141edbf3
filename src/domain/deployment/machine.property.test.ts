/**
 * The deployment machine against a deliberately simple model, over random sequences of requests,
 * starts, outcomes, removals, orphaning (left to an operator) and abandoning for one customer. The harness keeps the capacity usage as the store
 * does, from nothing but the persist effects' usage deltas; the model recomputes it from the states.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContractLimits } from '../customer/types.ts';
import type { Effect, EffectOf, ReceiptStamp } from '../effects/types.ts';
import { isDomainError } from '../errors/domain-error.ts';
import type { ExecutionOutcome } from './outcome.ts';
import { transition, type DeploymentEvent } from './transition.ts';
import { HOLDS_CAPACITY, TERMINAL, type Deployment, type DeploymentState } from './types.ts';

type Step =
  | { readonly k: 'reserve'; readonly units: number; readonly immediate: 'none' | 'succeeded' | 'failed' }
  | { readonly k: 'start'; readonly pick: number }
  | {
      readonly k: 'finish';
      readonly pick: number;
      readonly outcome: 'succeeded' | 'failed' | 'aborted';
      readonly held: boolean;
    }
  | { readonly k: 'remove'; readonly pick: number }
  | { readonly k: 'orphan'; readonly pick: number }
  | { readonly k: 'abandon'; readonly pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant('reserve' as const),
      units: fc.integer({ min: 1, max: 40 }),
      immediate: fc.constantFrom('none' as const, 'none' as const, 'succeeded' as const, 'failed' as const),
    }),
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('start' as const), pick: fc.nat(20) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('finish' as const),
      pick: fc.nat(20),
      outcome: fc.constantFrom('succeeded' as const, 'failed' as const, 'aborted' as const),
      held: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('remove' as const), pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('orphan' as const), pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('abandon' as const), pick: fc.nat(20) }) },
);

const stamp: ReceiptStamp = {
  mode: 'prod',
  authority: 'contractual',
  contractReference: 'MSA-1',
  insurance: {
    certificateId: 'cert_a',
    policyNumber: 'P-1',
    insurer: 'Model Mutual',
    expiresAt: '2030-01-01T00:00:00.000Z',
  },
  disclaimer: null,
};

const outcomeOf = (kind: 'succeeded' | 'failed' | 'aborted'): ExecutionOutcome =>
  kind === 'succeeded'
    ? { status: 'succeeded', output: 'ok', truncated: false, durationMs: 5 }
    : {
        status: 'failed',
        reason: kind === 'failed' ? 'exit_code' : 'aborted',
        exitCode: kind === 'failed' ? 1 : null,
        signal: null,
        output: '',
        truncated: false,
        durationMs: 5,
        detail: kind,
      };

const inFlight = (state: DeploymentState | undefined): boolean => state === 'reserved' || state === 'running';

/** What the model says the state becomes, or null for a refusal. An orphan is never started. */
const expected = (step: Step, state: DeploymentState | undefined, orphaned: boolean): DeploymentState | null => {
  switch (step.k) {
    case 'reserve':
      return step.immediate === 'none' ? 'reserved' : step.immediate;
    case 'start':
      return state === 'reserved' && !orphaned ? 'running' : null;
    case 'orphan':
      return inFlight(state) && !orphaned ? (state ?? null) : null;
    case 'abandon':
      return inFlight(state) ? 'rolled_back' : null;
    case 'finish':
      if (state !== 'running') return null;
      if (!step.held || step.outcome === 'aborted') return 'rolled_back';
      return step.outcome;
    case 'remove':
      return state === 'succeeded' ? 'removed' : null;
  }
};

/** The receipt kinds that may record each terminal state (a bookkeeping target fails in its acceptance receipt). */
const OUTCOME_KINDS: Partial<Record<DeploymentState, readonly string[]>> = {
  failed: ['deploy', 'deploy_completion'],
  rolled_back: ['deploy_completion'],
  removed: ['deployment_removed'],
};

const run = (limits: ContractLimits, steps: readonly Step[]): void => {
  const records = new Map<string, Deployment>();
  const orphaned = new Set<string>();
  const receipts = new Map<string, EffectOf<'receipt'>[]>();
  let usage = { count: 0, capacityUnits: 0 };
  let t = Date.UTC(2026, 0, 1);
  let n = 0;
  for (const step of steps) {
    t += 1000;
    const ids = [...records.keys()];
    const id =
      step.k === 'reserve'
        ? `dep_${String(n++).padStart(4, '0')}`
        : (ids[step.pick % Math.max(1, ids.length)] ?? 'dep_none');
    const before = records.get(id);
    const receiptId = `rcpt_${n}_${t}`;
    const event: DeploymentEvent =
      step.k === 'reserve'
        ? {
            type: 'reserve',
            request: {
              id,
              customerId: 'cus_1',
              contractReference: 'MSA-1',
              target: 'record',
              artifact: 'a:1',
              capacityUnits: step.units,
              parameters: {},
            },
            limits,
            usage,
            stamp,
            immediate: step.immediate === 'none' ? null : outcomeOf(step.immediate),
            receiptId,
            actor: 'key_1',
          }
        : step.k === 'start'
          ? { type: 'start' }
          : step.k === 'finish'
            ? { type: 'finish', outcome: outcomeOf(step.outcome), stamp, authorityHeld: step.held, receiptId }
            : step.k === 'orphan'
              ? { type: 'orphan', actor: 'system', details: {} }
              : step.k === 'abandon'
                ? { type: 'abandon', receiptId, actor: 'admin', note: 'resolved', details: {} }
                : { type: 'remove', stamp, receiptId, actor: 'key_1' };
    const wouldOverReserve =
      step.k === 'reserve' &&
      (usage.count >= limits.maxActiveDeployments || usage.capacityUnits + step.units > limits.capacityUnits);
    const want = wouldOverReserve ? null : expected(step, before?.state, orphaned.has(id));
    let effects: readonly Effect[] = [];
    try {
      const out = transition(step.k === 'reserve' ? null : (before ?? null), event, t);
      effects = out.effects;
      records.set(id, out.record);
      expect(out.record.state).toBe(want);
      if (step.k === 'orphan') orphaned.add(id);
      expect(out.record.orphanedAt !== null).toBe(orphaned.has(id));
    } catch (e) {
      if (!isDomainError(e)) throw e;
      expect(want, `refused ${step.k} of ${before?.state ?? 'nothing'}: ${e.code}`).toBeNull();
      continue;
    }
    for (const fx of effects) {
      if (fx.kind === 'persist' && fx.entity === 'deployment') {
        usage = { count: usage.count + fx.usage.count, capacityUnits: usage.capacityUnits + fx.usage.units };
      }
      if (fx.kind === 'receipt') receipts.set(id, [...(receipts.get(id) ?? []), fx]);
    }
    // Capacity is never over-reserved, and the kept usage is exactly what the holding states hold.
    const holding = [...records.values()].filter((d) => HOLDS_CAPACITY[d.state]);
    expect(usage).toEqual({ count: holding.length, capacityUnits: holding.reduce((a, d) => a + d.capacityUnits, 0) });
    expect(usage.count).toBeLessThanOrEqual(limits.maxActiveDeployments);
    expect(usage.capacityUnits).toBeLessThanOrEqual(limits.capacityUnits);
  }
  for (const [id, d] of records) {
    const mine = receipts.get(id) ?? [];
    expect(d.receipts).toEqual(mine.map((r) => r.receipt.id));
    if (!TERMINAL[d.state]) continue;
    expect(HOLDS_CAPACITY[d.state]).toBe(false);
    const outcomes = mine.filter((r) => (r.receipt.result as { state?: string }).state === d.state);
    expect(outcomes, `${id} ends ${d.state}`).toHaveLength(1);
    expect(OUTCOME_KINDS[d.state]).toContain(outcomes[0]?.receipt.kind);
  }
};

describe('deployment machine against a model', () => {
  it('never over-reserves, frees capacity at every end, and receipts each outcome exactly once', () => {
    fc.assert(
      fc.property(
        fc.record({
          maxActiveDeployments: fc.integer({ min: 1, max: 5 }),
          capacityUnits: fc.integer({ min: 10, max: 100 }),
        }),
        fc.array(stepArb, { minLength: 1, maxLength: 60 }),
        (limits, steps) => run(limits, steps),
      ),
      { numRuns: 300, seed: 4242 },
    );
  });
});
