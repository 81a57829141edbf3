/** The executors this installation offers as deployment targets, and what is running now. */
import type { DeploymentExecutor } from '../../adapters/executor/interface.ts';
import type { InstanceIdentity } from '../instances/identity.ts';
import type { RunningDeployments } from './running.ts';

export interface OperationsDeps {
  /** Target name -> executor. `record` is always there; `command` when TAI_DEPLOY_COMMAND is set. */
  readonly executors: Readonly<Record<string, DeploymentExecutor>>;
  readonly running: RunningDeployments;
  /** Background work (command deployments) the process must wait for or cancel at shutdown. */
  readonly background: Set<Promise<unknown>>;
  /**
   * This process among the instances sharing the store (`tai serve`): background deployments and
   * idempotency claims are owned by it. Absent for CLI commands: their claims are unowned.
   */
  instance?: InstanceIdentity;
}
