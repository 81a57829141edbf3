/**
 * Orphans left to an operator: `orphan` keeps the state and the capacity, marks the record and audits it;
 * an orphan is never started; the operator's `finish` carries the operator as actor and the note; a lost
 * authority still wins over the operator's word.
 */
import { describe, expect, it } from 'vitest';
import type { Effect, ReceiptStamp } from '../effects/types.ts';
import { isDomainError } from '../errors/domain-error.ts';
import { transition } from './transition.ts';
import { nextSteps, type Deployment } from './types.ts';

const T0 = Date.UTC(2026, 5, 1);
const stamp: ReceiptStamp = {
  mode: 'pilot',
  authority: 'advisory',
  contractReference: 'MSA-1',
  insurance: null,
  disclaimer: 'pilot',
};

const reserved = (): Deployment =>
  transition(
    null,
    {
      type: 'reserve',
      request: {
        id: 'dep_orphan',
        customerId: 'cus_1',
        contractReference: 'MSA-1',
        target: 'command',
        artifact: 'a:1',
        capacityUnits: 25,
        parameters: {},
      },
      limits: { maxActiveDeployments: 3, capacityUnits: 100 },
      usage: { count: 0, capacityUnits: 0 },
      stamp,
      immediate: null,
      receiptId: 'rcpt_1',
      actor: 'key_1',
    },
    T0,
  ).record;

const running = (): Deployment => transition(reserved(), { type: 'start' }, T0 + 1).record;
const orphaned = (d: Deployment) =>
  transition(d, { type: 'orphan', actor: 'system', details: { by: 'ins_b' } }, T0 + 2);
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
  return undefined;
};
/** The capacity change the deployment's persist effect carries. */
const usageOf = (effects: readonly Effect[]) => {
  for (const e of effects) if (e.kind === 'persist' && e.entity === 'deployment') return e.usage;
  return undefined;
};
const of = <K extends Effect['kind']>(effects: readonly Effect[], kind: K) =>
  effects.filter((e): e is Extract<Effect, { kind: K }> => e.kind === kind);

describe('orphaned deployments', () => {
  it('stay in their state holding their capacity, marked, audited and logged, with no receipt', () => {
    const { record, effects } = orphaned(running());
    expect(record).toMatchObject({ state: 'running', orphanedAt: '2026-06-01T00:00:00.002Z', receipts: ['rcpt_1'] });
    expect(of(effects, 'persist')).toEqual([
      expect.objectContaining({ from: 'running', usage: { count: 0, units: 0 } }),
    ]);
    expect(of(effects, 'audit')).toEqual([
      expect.objectContaining({
        type: 'deploy.awaiting_operator',
        actor: 'system',
        details: expect.objectContaining({ by: 'ins_b' }),
      }),
    ]);
    expect(of(effects, 'receipt')).toEqual([]);
    expect(of(effects, 'notify')).toEqual([]);
    expect(nextSteps(record)).toMatch(/operator/);
  });

  it('are never started, orphaned twice, or orphaned once ended', () => {
    const waiting = orphaned(reserved()).record;
    expect(codeOf(() => transition(waiting, { type: 'start' }, T0 + 3))).toBe('TAI-DEPLOYMENT-NOT-ACTIVE');
    expect(codeOf(() => orphaned(waiting))).toBe('TAI-DEPLOYMENT-NOT-ACTIVE');
    const ended = transition(
      running(),
      { type: 'abandon', receiptId: 'rcpt_2', actor: 'admin', note: 'n', details: {} },
      T0 + 3,
    ).record;
    expect(codeOf(() => orphaned(ended))).toBe('TAI-DEPLOYMENT-NOT-ACTIVE');
  });

  it("are finished by the operator as succeeded with the operator's note, or rolled back if authority was lost", () => {
    const waiting = orphaned(running()).record;
    const finish = (authorityHeld: boolean) =>
      transition(
        waiting,
        {
          type: 'finish',
          outcome: { status: 'succeeded', output: '', truncated: false, durationMs: 0 },
          stamp,
          authorityHeld,
          receiptId: 'rcpt_2',
          actor: 'admin',
          note: 'verified by hand',
        },
        T0 + 4,
      );
    const ok = finish(true);
    expect(ok.record).toMatchObject({ state: 'succeeded', outcome: { status: 'succeeded', note: 'verified by hand' } });
    expect(of(ok.effects, 'audit')).toEqual([expect.objectContaining({ type: 'deploy.succeeded', actor: 'admin' })]);
    expect(usageOf(ok.effects)).toEqual({ count: 0, units: 0 });
    const lost = finish(false);
    expect(lost.record.state).toBe('rolled_back');
    expect(lost.record.outcome?.note).toMatch(/lost the authority/);
    expect(usageOf(lost.effects)).toEqual({ count: -1, units: -25 });
  });
});
