/**
 * The system-wide read-only switch an operator forces (PUT /v1/admin/read-only), kept in settings and
 * mirrored in memory, and the start-up load of every lifecycle record into the in-memory state.
 */
import type { CertificateRecord } from '../../domain/certificate/index.ts';
import type { OperatorReadOnly } from '../../domain/mode/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';

const SETTING = 'system_read_only';

export const loadLifecycleState = async (ctx: ServiceContext): Promise<void> => {
  const { state } = ctx.lifecycle;
  const operator = await ctx.store.read((r) => r.getSetting(SETTING));
  state.setOperator(operator === undefined ? null : (JSON.parse(operator) as OperatorReadOnly));
  for (let after: string | undefined; ;) {
    const page = await ctx.store.read((r) => r.lifecycles({ limit: 500, after }));
    for (const row of page.items) state.remember(row.record as CertificateRecord);
    if (page.next === null) break;
    after = page.next;
  }
};

export const setSystemReadOnly = async (ctx: ServiceContext, input: OperatorReadOnly): Promise<OperatorReadOnly> => {
  await ctx.store.transaction(async (tx) => {
    await tx.putSetting(SETTING, JSON.stringify(input));
    await recordAudit(tx, ctx, {
      type: input.enabled ? 'system.read_only_enabled' : 'system.read_only_disabled',
      actor: { kind: 'admin' },
      customerId: null,
      outcome: 'success',
      details: { reason: input.reason },
    });
  });
  ctx.lifecycle.state.setOperator(input.enabled ? input : null);
  return input;
};
