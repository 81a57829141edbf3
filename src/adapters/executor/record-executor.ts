/** The `record` executor: bookkeeping only. Nothing runs; the deployment is recorded as done at once. */
import type { DeploymentExecutor } from './interface.ts';
import { failedOutcome, rejectedOutcome, specProblem } from './spec.ts';

export const createRecordExecutor = (): DeploymentExecutor => ({
  kind: 'record',
  execute: (spec, signal) => {
    // Same spec rules as `command`, so switching a target's executor never changes what a customer may send.
    const problem = specProblem(spec);
    if (problem !== null) return Promise.resolve(rejectedOutcome(problem));
    if (signal.aborted) return Promise.resolve(failedOutcome('aborted', 'aborted before the deployment was recorded'));
    return Promise.resolve({
      status: 'succeeded',
      output: `recorded ${spec.deploymentId}: artifact ${spec.artifact} (${spec.capacityUnits} capacity units)\n`,
      truncated: false,
      durationMs: 0,
    });
  },
});
