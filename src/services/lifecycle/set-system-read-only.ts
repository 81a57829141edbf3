/**
 * The system-wide read-only switch an operator forces (PUT /v1/admin/read-only): kept in settings,
 * mirrored in memory, audited, and told to on-call (a page while on, resolved when off).
 */
import type { Effect } from '../../domain/effects/types.ts';
import type { OperatorReadOnly } from '../../domain/mode/index.ts';
import { isoOf } from '../../domain/shared/clock.ts';
import { requireAdmin } from '../auth/require.ts';
import { actorName, type VerbArgs } from '../context.ts';
import { applyAfterCommit, applyInTransaction } from '../effects/apply-effects.ts';
import { SYSTEM_READ_ONLY_SETTING } from './load-lifecycle-state.ts';

const SYSTEM_INCIDENT = 'system:read_only';

const effectsOf = (
  input: OperatorReadOnly,
  before: OperatorReadOnly | null,
  actor: string,
  nowMs: number,
): Effect[] => {
  const at = isoOf(nowMs);
  const fx: Effect[] = [
    {
      kind: 'audit',
      type: input.enabled ? 'system.read_only_enabled' : 'system.read_only_disabled',
      actor,
      customerId: null,
      outcome: 'success',
      details: { reason: input.reason },
    },
  ];
  if (input.enabled && before === null) {
    fx.push({
      kind: 'notify',
      notification: {
        type: 'system.read_only',
        severity: 'warning',
        customerId: null,
        at,
        dedupeKey: `system.read_only:${nowMs}`,
        incident: { key: SYSTEM_INCIDENT, action: 'trigger' },
        facts: { reason: input.reason, since: at },
      },
    });
  } else if (!input.enabled && before !== null) {
    fx.push({
      kind: 'notify',
      notification: {
        type: 'system.restored',
        severity: 'info',
        customerId: null,
        at,
        dedupeKey: `system.restored:${nowMs}`,
        incident: { key: SYSTEM_INCIDENT, action: 'resolve' },
        facts: { since: before.since ?? at },
      },
    });
  }
  return fx;
};

export const setSystemReadOnly = async ({ ctx, input }: VerbArgs<OperatorReadOnly>): Promise<OperatorReadOnly> => {
  await requireAdmin(ctx);
  const before = ctx.lifecycle.state.operator();
  const since = input.enabled ? (before?.since ?? isoOf(ctx.clock.now())) : undefined;
  const stored: OperatorReadOnly = since === undefined ? input : { ...input, since };
  const applied = await ctx.store.transaction(async (tx) => {
    await tx.putSetting(SYSTEM_READ_ONLY_SETTING, JSON.stringify(stored));
    return applyInTransaction(tx, ctx, effectsOf(input, before, actorName(ctx.actor), ctx.clock.now()));
  });
  applyAfterCommit(ctx, applied);
  ctx.lifecycle.state.setOperator(stored.enabled ? stored : null);
  return { enabled: input.enabled, reason: input.reason };
};
