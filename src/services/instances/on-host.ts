/** The part of an orphan's plan that is this machine's business: run outside any transaction, reported for the audit. */
import { removeWorkDirs, stopByWorkDir, stopOrphanGroup } from '../../adapters/executor/orphans.ts';
import type { planOrphanedDeployment } from '../../domain/instance/ownership.ts';
import type { InstanceIdentity } from './identity.ts';

type Actions = ReturnType<typeof planOrphanedDeployment>['actions'];

export const actOnHost = async (
  actions: Actions,
  deploymentId: string,
  me: Pick<InstanceIdentity, 'workRoot'>,
): Promise<Record<string, string | number>> => {
  const done: Record<string, string | number> = {};
  for (const a of actions)
    if (a.kind === 'stop_group')
      done['process'] = stopOrphanGroup({ pid: a.pid, pgid: a.pgid, deploymentId }, me.workRoot);
  // A command started just before its instance died may have no recorded pid: its directory names it.
  const found = stopByWorkDir(me.workRoot, deploymentId);
  if (found > 0) done['processesInWorkDirs'] = found;
  for (const a of actions)
    if (a.kind !== 'stop_group') done['workDirsRemoved'] = await removeWorkDirs(me.workRoot, a.deploymentId);
  return done;
};
