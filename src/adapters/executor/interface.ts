/** The deployment-executor port: how a reserved deployment is carried out. Implementations: record-executor.ts, command-executor.ts. */

export type ParameterValue = string | number | boolean;

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

/**
 * exit_code: the executable ran and exited non-zero or was killed by a signal we did not send.
 * timeout: killed at the time limit. aborted: killed because the caller's AbortSignal fired (e.g. insurance lapsed).
 * spawn_error: could not start (missing or non-executable file, working directory not creatable).
 * rejected: the spec itself was refused before anything ran (see specProblem in spec.ts).
 */
export type FailureReason = 'exit_code' | 'timeout' | 'spawn_error' | 'aborted' | 'rejected';

export type ExecutionOutcome =
  | {
      readonly status: 'succeeded';
      readonly output: string;
      readonly truncated: boolean;
      readonly durationMs: number;
    }
  | {
      readonly status: 'failed';
      readonly reason: FailureReason;
      readonly exitCode: number | null;
      readonly signal: string | null;
      readonly output: string;
      readonly truncated: boolean;
      readonly durationMs: number;
      /** For operators' logs; may name paths on this host, so not for the customer as is. */
      readonly detail: string;
    };

export type FailedOutcome = Extract<ExecutionOutcome, { status: 'failed' }>;

export interface DeploymentExecutor {
  /** The target name it serves: 'record' or 'command'. */
  readonly kind: string;
  /** Never rejects for an expected failure: those come back as a failed outcome. */
  execute(spec: DeploymentSpec, signal: AbortSignal): Promise<ExecutionOutcome>;
}
