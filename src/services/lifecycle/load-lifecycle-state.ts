/** The start-up load of every lifecycle record, and of the operator's system read-only switch, into memory. */
import type { CertificateRecord } from '../../domain/certificate/index.ts';
import type { OperatorReadOnly } from '../../domain/mode/index.ts';
import type { ServiceContext } from '../context.ts';

export const SYSTEM_READ_ONLY_SETTING = 'system_read_only';

export const loadLifecycleState = async (ctx: ServiceContext): Promise<void> => {
  const { state } = ctx.lifecycle;
  const operator = await ctx.store.read((r) => r.getSetting(SYSTEM_READ_ONLY_SETTING));
  state.setOperator(operator === undefined ? null : (JSON.parse(operator) as OperatorReadOnly));
  for (let after: string | undefined; ;) {
    const page = await ctx.store.read((r) => r.lifecycles({ limit: 500, after }));
    for (const row of page.items) state.remember(row.record as CertificateRecord);
    if (page.next === null) break;
    after = page.next;
  }
};
