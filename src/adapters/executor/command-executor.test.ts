/** The command executor against real child processes: output, exit codes, limits, abort, scrubbing, sandbox directory. */
import { chmodSync, copyFileSync, existsSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCommandExecutor, type CommandExecutorOptions } from './command-executor.ts';
import { describeExecutorContract, sampleSpec } from './contract.ts';
import type { ExecutionOutcome } from './interface.ts';
import { SAFE_PATH } from './spec.ts';
import { diesPromptly, fixture, isDead, scratchDir, waitForFile } from '../../../test/support/executor.ts';

const scratch = scratchDir();
afterAll(() => scratch.remove());
const workRoot = join(scratch.path, 'work');
let n = 0;
const pidFile = (): string => join(scratch.path, `child-${++n}.pid`);

const executor = (script: string, over: Partial<CommandExecutorOptions> = {}) =>
  createCommandExecutor({ executable: fixture(script), timeoutMs: 5000, maxOutputBytes: 64 * 1024, workRoot, ...over });
const run = (script: string, over: Partial<CommandExecutorOptions> = {}): Promise<ExecutionOutcome> =>
  executor(script, over).execute(sampleSpec(), new AbortController().signal);
// stderr arrives on its own pipe, so its one line may land anywhere between stdout's writes.
const stdoutOnly = (o: ExecutionOutcome): string => o.output.replace('to stderr\n', '');
const failure = (o: ExecutionOutcome) => {
  if (o.status !== 'failed') throw new Error(`expected a failure, got ${JSON.stringify(o)}`);
  return o;
};

describeExecutorContract('command', () => executor('report.sh'));

describe('command executor: outcomes', () => {
  it('captures stdout and stderr together and passes fixed args verbatim, never through a shell', async () => {
    const o = await run('report.sh', { args: ['two words', '$HOME;`id`'] });
    expect(o.status).toBe('succeeded');
    expect(stdoutOnly(o)).toContain('arg=[two words]\narg=[$HOME;`id`]\n');
    expect(o.output).toContain('to stderr');
    expect(o.output).toContain('artifact=registry.example/app@sha256:abc');
    expect(o.output).toContain('region=eu-west-1');
    expect(o.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a non-zero exit with its code and output', async () => {
    const o = failure(await run('fail.sh'));
    expect(o).toMatchObject({ reason: 'exit_code', exitCode: 3, signal: null, truncated: false });
    expect(o.output).toBe('deploy of registry.example/app@sha256:abc failed\n');
    expect(o.detail).toContain('code 3');
  });

  it('keeps the first maxOutputBytes and flags the rest as truncated', async () => {
    const o = await run('flood.sh', { maxOutputBytes: 1000 });
    expect(o).toMatchObject({ status: 'succeeded', truncated: true });
    expect(o.output).toBe('x'.repeat(1000));
  });

  it('does not wait for children the executable left behind, and kills them', async () => {
    const pids = pidFile();
    const o = await run('straggler.sh', { args: [pids], killGraceMs: 5000 });
    expect(o).toMatchObject({ status: 'succeeded', output: 'done\n' });
    expect(o.durationMs).toBeLessThan(2000);
    expect(await diesPromptly(Number(await waitForFile(pids)))).toBe(true);
  });
});

describe('command executor: stopping', () => {
  it('kills a hanging command and its children at the time limit', async () => {
    const pids = pidFile();
    const o = failure(await run('hang.sh', { args: [pids], timeoutMs: 300 }));
    expect(o).toMatchObject({ reason: 'timeout', exitCode: null, signal: 'SIGTERM' });
    expect(o.durationMs).toBeGreaterThanOrEqual(290);
    expect(o.durationMs).toBeLessThan(2000);
    expect(await diesPromptly(Number(await waitForFile(pids)))).toBe(true);
  });

  it('escalates to SIGKILL after the grace period when SIGTERM is ignored', async () => {
    const pids = pidFile();
    const o = failure(await run('stubborn.sh', { args: [pids], timeoutMs: 300, killGraceMs: 200 }));
    expect(o).toMatchObject({ reason: 'timeout', signal: 'SIGKILL' });
    expect(o.durationMs).toBeGreaterThanOrEqual(490);
    expect(await diesPromptly(Number(await waitForFile(pids)))).toBe(true);
  });

  it('stops a running command when the caller aborts (e.g. insurance lapsed mid-deployment)', async () => {
    const pids = pidFile();
    const controller = new AbortController();
    const pending = executor('hang.sh', { args: [pids] }).execute(sampleSpec(), controller.signal);
    const child = Number(await waitForFile(pids));
    expect(isDead(child)).toBe(false);
    controller.abort();
    const o = failure(await pending);
    expect(o).toMatchObject({ reason: 'aborted', exitCode: null, signal: 'SIGTERM' });
    expect(o.durationMs).toBeLessThan(2000);
    expect(await diesPromptly(child)).toBe(true);
  });
});

describe('command executor: sandbox', () => {
  it("gives the child a scrubbed environment: none of the service's variables, a fixed PATH, the spec as TAI_*", async () => {
    process.env['TAI_TEST_PARENT_SECRET'] = 'hunter2-parent-secret';
    process.env['LANG_FOR_TEST'] = 'xx_XX';
    try {
      const o = await run('report.sh', { allowedEnv: ['LANG_FOR_TEST'] });
      const env = stdoutOnly(o).split('--- env\n')[1]?.split('--- file\n')[0] ?? '';
      const vars = Object.fromEntries(
        env
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      expect(o.output).not.toContain('hunter2-parent-secret');
      expect(vars).toEqual({
        PATH: SAFE_PATH,
        PWD: expect.stringContaining(workRoot),
        LANG_FOR_TEST: 'xx_XX',
        TAI_DEPLOYMENT_ID: 'dep_01TEST',
        TAI_CUSTOMER_ID: 'cus_01TEST',
        TAI_TARGET: 'command',
        TAI_ARTIFACT: 'registry.example/app@sha256:abc',
        TAI_CAPACITY_UNITS: '2',
        TAI_PARAM_REGION: 'eu-west-1',
        TAI_PARAM_REPLICAS: '3',
        TAI_PARAM_DRY_RUN: 'false',
        TAI_DEPLOYMENT_FILE: expect.stringMatching(/\/deployment\.json$/),
      });
    } finally {
      delete process.env['TAI_TEST_PARENT_SECRET'];
      delete process.env['LANG_FOR_TEST'];
    }
  });

  it('runs in a fresh 0700 directory holding the spec as JSON, removed afterwards', async () => {
    const o = await run('report.sh');
    const cwd = /cwd=(.*)\n/.exec(o.output)?.[1] ?? '';
    expect(cwd.startsWith(join(workRoot, 'dep_01TEST-'))).toBe(true);
    expect(o.output).toContain('mode=700\n');
    const file = JSON.parse(stdoutOnly(o).split('--- file\n')[1] ?? '');
    expect(file).toEqual(sampleSpec());
    expect(existsSync(cwd)).toBe(false);
    expect(readdirSync(workRoot)).toEqual([]);
  });
});

describe('command executor: spawn errors', () => {
  it('fails with spawn_error when the executable disappears after start-up', async () => {
    const copy = join(scratch.path, 'gone.sh');
    copyFileSync(fixture('report.sh'), copy);
    const gone = createCommandExecutor({ executable: copy, timeoutMs: 1000, maxOutputBytes: 100, workRoot });
    unlinkSync(copy);
    const o = failure(await gone.execute(sampleSpec(), new AbortController().signal));
    expect(o).toMatchObject({ reason: 'spawn_error', exitCode: null, output: '' });
    expect(o.detail).toContain('ENOENT');
  });

  it('fails with spawn_error when the executable loses its execute bit', async () => {
    const copy = join(scratch.path, 'noexec.sh');
    copyFileSync(fixture('report.sh'), copy);
    const noexec = createCommandExecutor({ executable: copy, timeoutMs: 1000, maxOutputBytes: 100, workRoot });
    chmodSync(copy, 0o644);
    const o = failure(await noexec.execute(sampleSpec(), new AbortController().signal));
    expect(o).toMatchObject({ reason: 'spawn_error' });
    expect(o.detail).toContain('EACCES');
  });
});
