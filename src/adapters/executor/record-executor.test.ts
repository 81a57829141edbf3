/** The record executor: bookkeeping only. */
import { describe, expect, it } from 'vitest';
import { describeExecutorContract, sampleSpec } from './contract.ts';
import { createRecordExecutor } from './record-executor.ts';

describeExecutorContract('record', createRecordExecutor);

describe('record executor', () => {
  it('is kind record and answers at once with one line', async () => {
    const executor = createRecordExecutor();
    expect(executor.kind).toBe('record');
    const outcome = await executor.execute(sampleSpec({ deploymentId: 'dep_42' }), new AbortController().signal);
    expect(outcome).toEqual({
      status: 'succeeded',
      output: 'recorded dep_42: artifact registry.example/app@sha256:abc (2 capacity units)\n',
      truncated: false,
      durationMs: 0,
    });
  });
});
