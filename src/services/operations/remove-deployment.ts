/** Removes a succeeded deployment, freeing its capacity; the removal is receipted. A write, so read-only refuses it. */
import type { Deployment } from '../../domain/deployment/index.ts';
import { receiptStamp } from '../../domain/mode/index.ts';
import { requireScope } from '../auth/require.ts';
import { actorName, type VerbArgs } from '../context.ts';
import { stepDeployment } from './deployment-step.ts';
import { clearOperation } from './gate.ts';

export const removeDeployment = async ({ ctx, input }: VerbArgs<{ deploymentId: string }>): Promise<Deployment> => {
  const actor = await requireScope(ctx, 'deploy:write');
  const cleared = await clearOperation(ctx, actor, 'deploy', { remove: input.deploymentId });
  const { record } = await stepDeployment(ctx, actor.customerId, input.deploymentId, (receiptId) => ({
    type: 'remove',
    stamp: receiptStamp(cleared.authorization),
    receiptId,
    actor: actorName(actor),
  }));
  return record;
};
