/**
 * What executing a deployment produced, as an executor reports it, and the part of it the customer is
 * told (never the executor's raw detail: it may name paths on this host).
 */

/**
 * exit_code: the executable ran and exited non-zero or was killed by a signal we did not send.
 * timeout: killed at the time limit. aborted: killed because the caller's AbortSignal fired (e.g. insurance lapsed).
 * spawn_error: could not start (missing or non-executable file, working directory not creatable).
 * rejected: the spec itself was refused before anything ran.
 * internal: the service itself failed while carrying it out (its log names the deployment).
 */
export type FailureReason = 'exit_code' | 'timeout' | 'spawn_error' | 'aborted' | 'rejected' | 'internal';

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

export interface DeploymentOutcome {
  readonly status: 'succeeded' | 'failed';
  readonly reason: FailureReason | null;
  readonly exitCode: number | null;
  readonly durationMs: number;
  readonly output: string;
  readonly truncated: boolean;
  readonly note: string | null;
}

export const publicOutcome = (o: ExecutionOutcome, note: string | null = null): DeploymentOutcome => ({
  status: o.status,
  reason: o.status === 'failed' ? o.reason : null,
  exitCode: o.status === 'failed' ? o.exitCode : 0,
  durationMs: o.durationMs,
  output: o.output,
  truncated: o.truncated,
  note,
});
