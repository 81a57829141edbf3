/**
 * Moves finance's closed period forward to a month that has ended and whose days the daily close has
 * covered (domain/revenue/closed-period.ts decides). Serialized with the daily close by its lock, so a
 * close never plans against a closed period that moves under it; the move and its audit event commit
 * together. Naming the month already closed changes nothing and records nothing.
 */
import type { ClosedPeriodRow } from '../../adapters/store/ports/revenue.ts';
import { checkPeriodClose } from '../../domain/revenue/closed-period.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireAdmin } from '../auth/require.ts';
import { actorName, nowIso, type VerbArgs } from '../context.ts';

export const closeRevenuePeriod = async ({
  ctx,
  input,
}: VerbArgs<{ readonly period: string }>): Promise<ClosedPeriodRow> => {
  await requireAdmin(ctx);
  return ctx.store.transaction(async (tx) => {
    await tx.lockRevenueClose();
    const current = await tx.revenueClosedPeriod();
    const at = nowIso(ctx);
    const moves = checkPeriodClose({
      period: input.period,
      current: current?.period ?? null,
      lastClosedDay: await tx.revenueLastClosedDay(),
      today: at.slice(0, 10),
    });
    if (!moves && current !== null) return current;
    const row: ClosedPeriodRow = { period: input.period, closedAt: at, actor: actorName(ctx.actor) };
    await tx.appendClosedPeriod(row);
    await recordAudit(tx, ctx, {
      type: 'revenue.period_closed',
      actor: ctx.actor,
      customerId: null,
      outcome: 'success',
      details: { closedThrough: row.period, previous: current?.period ?? null },
    });
    return row;
  });
};
