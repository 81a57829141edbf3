/** Cases every DeploymentExecutor must pass, run by each implementation's test file. */
import { describe, expect, it } from 'vitest';
import type { DeploymentExecutor, DeploymentSpec } from './interface.ts';

export const sampleSpec = (over: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  deploymentId: 'dep_01TEST',
  customerId: 'cus_01TEST',
  target: 'command',
  artifact: 'registry.example/app@sha256:abc',
  capacityUnits: 2,
  parameters: { REGION: 'eu-west-1', REPLICAS: 3, DRY_RUN: false },
  ...over,
});

export const describeExecutorContract = (name: string, make: () => DeploymentExecutor): void => {
  describe(`executor contract: ${name}`, () => {
    it('succeeds with output that names the artifact', async () => {
      const outcome = await make().execute(sampleSpec(), new AbortController().signal);
      expect(outcome.status).toBe('succeeded');
      expect(outcome.output).toContain('registry.example/app@sha256:abc');
      expect(outcome.truncated).toBe(false);
    });

    it('does nothing and reports aborted when the signal has already fired', async () => {
      const outcome = await make().execute(sampleSpec(), AbortSignal.abort());
      expect(outcome).toMatchObject({ status: 'failed', reason: 'aborted', exitCode: null, output: '' });
    });

    it.each([
      ['/deploymentId', { deploymentId: '../escape' }],
      ['/artifact', { artifact: '' }],
      ['/artifact', { artifact: 'a\0b' }],
      ['/capacityUnits', { capacityUnits: Number.NaN }],
      ['/parameters/region', { parameters: { region: 'lower-case name' } }],
      ['/parameters/X', { parameters: { X: Number.POSITIVE_INFINITY } }],
    ] as const)('rejects a spec with a bad %s without running anything', async (path, over) => {
      const outcome = await make().execute(sampleSpec(over), new AbortController().signal);
      expect(outcome).toMatchObject({ status: 'failed', reason: 'rejected', exitCode: null });
      expect(outcome.status === 'failed' && outcome.detail).toContain(path);
    });
  });
};
