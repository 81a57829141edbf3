/** The deployment-executor port: how a reserved deployment is carried out. Implementations: record-executor.ts, command-executor.ts. */

import type { ExecutionOutcome, ParameterValue } from '../../domain/deployment/index.ts';

export type { ExecutionOutcome, FailureReason, ParameterValue } from '../../domain/deployment/index.ts';

export interface DeploymentSpec {
  /** Also names the working directory, so it must match DEPLOYMENT_ID_PATTERN (spec.ts). */
  readonly deploymentId: string;
  readonly customerId: string;
  readonly target: string;
  readonly artifact: string;
  readonly capacityUnits: number;
  /** Names must match PARAMETER_NAME_PATTERN (spec.ts): each becomes TAI_PARAM_<NAME> in the child's environment. */
  readonly parameters: Readonly<Record<string, ParameterValue>>;
}

export type FailedOutcome = Extract<ExecutionOutcome, { status: 'failed' }>;

export interface DeploymentExecutor {
  /** The target name it serves: 'record' or 'command'. */
  readonly kind: string;
  /**
   * Never rejects for an expected failure: those come back as a failed outcome. `onStarted` hears the
   * pid of a started process (the leader of its own process group), so recovery can stop it after a crash.
   */
  execute(spec: DeploymentSpec, signal: AbortSignal, onStarted?: (pid: number) => void): Promise<ExecutionOutcome>;
}
