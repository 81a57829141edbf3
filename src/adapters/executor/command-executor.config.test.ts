/** The command executor refuses a bad configuration at construction, naming every problem. */
import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/schema.ts';
import { createCommandExecutor, type CommandExecutorOptions } from './command-executor.ts';
import { fixture, scratchDir } from '../../../test/support/executor.ts';

const scratch = scratchDir();
afterAll(() => scratch.remove());

const problems = (over: Partial<CommandExecutorOptions>): readonly string[] => {
  try {
    createCommandExecutor({
      executable: fixture('report.sh'),
      timeoutMs: 1000,
      maxOutputBytes: 1000,
      workRoot: join(scratch.path, 'work'),
      settingName: 'TAI_DEPLOY_COMMAND',
      ...over,
    });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('command executor configuration', () => {
  it('accepts a good configuration and creates its work root', () => {
    expect(problems({})).toEqual([]);
  });

  it.each([
    ['a relative path', { executable: 'test/fixtures/executor/report.sh' }, 'must be an absolute path'],
    ['a directory', { executable: '/tmp' }, 'is not a regular file'],
    ['a missing file', { executable: '/nonexistent/deploy.sh' }, 'does not exist'],
    ['a relative work root', { workRoot: 'work' }, 'workRoot must be an absolute path'],
    ['a zero time limit', { timeoutMs: 0 }, 'timeoutMs must be a positive integer'],
    ['a fractional output cap', { maxOutputBytes: 1.5 }, 'maxOutputBytes must be a positive integer'],
    ['a negative grace', { killGraceMs: -1 }, 'killGraceMs must be a non-negative integer'],
    ['PATH passed through', { allowedEnv: ['PATH'] }, 'set by the executor itself'],
    ['a TAI_ variable passed through', { allowedEnv: ['TAI_ADMIN_TOKEN'] }, 'set by the executor itself'],
    ['a malformed variable name', { allowedEnv: ['A=B'] }, 'is not a variable name'],
  ] as const)('refuses %s', (_what, over, message) => {
    const found = problems(over);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('TAI_DEPLOY_COMMAND: ');
    expect(found[0]).toContain(message);
  });

  it('refuses a file without an execute bit, and one any user could rewrite', () => {
    const plain = join(scratch.path, 'plain.sh');
    copyFileSync(fixture('report.sh'), plain);
    chmodSync(plain, 0o644);
    expect(problems({ executable: plain })).toEqual([
      `TAI_DEPLOY_COMMAND: executable ${plain} is not executable by this service's user`,
    ]);
    chmodSync(plain, 0o777);
    expect(problems({ executable: plain })[0]).toContain('writable by any user');
  });

  it('lists every problem at once', () => {
    expect(problems({ executable: 'deploy.sh', timeoutMs: -5, workRoot: 'rel' })).toHaveLength(3);
  });
});
