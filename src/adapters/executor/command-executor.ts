/** The `command` executor: runs one allowlisted executable per deployment, without a shell, in a scrubbed sandbox directory. */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigError } from '../../config/schema.ts';
import type { DeploymentExecutor, ExecutionOutcome } from './interface.ts';
import { runProcessGroup, type RunResult } from './process-group.ts';
import { childEnvironment, failedOutcome, rejectedOutcome, specProblem } from './spec.ts';

export interface CommandExecutorOptions {
  /** Absolute path of the one executable this installation allows. Checked at construction. */
  readonly executable: string;
  /** Fixed arguments from config. Nothing from the request is ever put on the command line (other users can read it in ps). */
  readonly args?: readonly string[];
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  /** Absolute; created (mode 0700) if missing. Each run gets a fresh `<workRoot>/<deploymentId>-XXXXXX`, removed afterwards. */
  readonly workRoot: string;
  /** Names of the service's environment variables the operator lets through (e.g. LANG, TZ). PATH and TAI_* cannot be. */
  readonly allowedEnv?: readonly string[];
  /** Where allowedEnv values are read from, once, at construction. Default: process.env. */
  readonly parentEnv?: Readonly<Record<string, string | undefined>>;
  /** SIGTERM-to-SIGKILL grace. Default 2000 ms. */
  readonly killGraceMs?: number;
  /** How error messages name this configuration, e.g. `TAI_DEPLOY_COMMAND`. Default `deployment executor`. */
  readonly settingName?: string;
}

/** The run's full spec, with typed parameter values, in its working directory; its path is also in TAI_DEPLOYMENT_FILE. */
const DEPLOYMENT_FILE = 'deployment.json';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DEFAULT_KILL_GRACE_MS = 2000;

const positiveInteger = (v: number): boolean => Number.isSafeInteger(v) && v > 0;

const executableProblem = (path: string): string | null => {
  if (!isAbsolute(path)) return `executable must be an absolute path (got "${path}")`;
  try {
    const st = statSync(path);
    if (!st.isFile()) return `executable ${path} is not a regular file`;
    if ((st.mode & 0o002) !== 0) return `executable ${path} is writable by any user; refusing to run it`;
    accessSync(path, constants.X_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `executable ${path} does not exist`;
    if (code === 'EACCES') return `executable ${path} is not executable by this service's user`;
    return `executable ${path}: ${e instanceof Error ? e.message : String(e)}`;
  }
};

const workRootProblem = (path: string): string | null => {
  if (!isAbsolute(path)) return `workRoot must be an absolute path (got "${path}")`;
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    if (!statSync(path).isDirectory()) return `workRoot ${path} is not a directory`;
    accessSync(path, constants.W_OK | constants.X_OK);
    return null;
  } catch (e) {
    return `workRoot ${path}: ${e instanceof Error ? e.message : String(e)}`;
  }
};

const optionProblems = (o: CommandExecutorOptions): string[] => {
  const problems: string[] = [];
  const exe = executableProblem(o.executable);
  if (exe !== null) problems.push(exe);
  if ((o.args ?? []).some((a) => a.includes('\0'))) problems.push('args must not contain NUL characters');
  if (!positiveInteger(o.timeoutMs)) problems.push(`timeoutMs must be a positive integer (got ${o.timeoutMs})`);
  if (!positiveInteger(o.maxOutputBytes))
    problems.push(`maxOutputBytes must be a positive integer (got ${o.maxOutputBytes})`);
  const grace = o.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  if (!Number.isSafeInteger(grace) || grace < 0)
    problems.push(`killGraceMs must be a non-negative integer (got ${grace})`);
  for (const name of o.allowedEnv ?? []) {
    if (!ENV_NAME.test(name)) problems.push(`allowedEnv: "${name}" is not a variable name`);
    else if (name === 'PATH' || name.startsWith('TAI_'))
      problems.push(`allowedEnv: "${name}" is set by the executor itself`);
  }
  const root = workRootProblem(o.workRoot);
  if (root !== null) problems.push(root);
  return problems;
};

const toOutcome = (run: RunResult, durationMs: number, timeoutMs: number): ExecutionOutcome => {
  if (run.kind === 'spawn_error') return failedOutcome('spawn_error', `could not start: ${run.detail}`, { durationMs });
  const { exitCode, signal, output, truncated } = run;
  const rest = { exitCode, signal, output, truncated, durationMs };
  const unreaped = run.unreaped ? '; the process group did not exit after SIGKILL' : '';
  if (run.stoppedBy === 'timeout')
    return failedOutcome('timeout', `killed at its ${timeoutMs} ms time limit${unreaped}`, rest);
  if (run.stoppedBy === 'aborted') return failedOutcome('aborted', `stopped by the caller${unreaped}`, rest);
  if (exitCode === 0) return { status: 'succeeded', output, truncated, durationMs };
  const how = exitCode === null ? `was killed by ${signal ?? 'a signal'}` : `exited with code ${exitCode}`;
  return failedOutcome('exit_code', `the executable ${how}`, rest);
};

/** Throws ConfigError (naming every problem) when the options are unusable, so a bad config stops start-up. */
export const createCommandExecutor = (options: CommandExecutorOptions): DeploymentExecutor => {
  const problems = optionProblems(options);
  if (problems.length > 0) {
    throw new ConfigError(problems.map((p) => `${options.settingName ?? 'deployment executor'}: ${p}`));
  }
  const parentEnv = options.parentEnv ?? process.env;
  const passThrough: Record<string, string> = {};
  for (const name of options.allowedEnv ?? []) {
    const value = parentEnv[name];
    if (value !== undefined) passThrough[name] = value;
  }
  const { executable, timeoutMs, maxOutputBytes, workRoot } = options;
  const args = [...(options.args ?? [])];
  const killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;

  return {
    kind: 'command',
    execute: async (spec, signal, onStarted) => {
      const problem = specProblem(spec);
      if (problem !== null) return rejectedOutcome(problem);
      if (signal.aborted) return failedOutcome('aborted', 'aborted before the executable was started');
      const started = performance.now();
      const elapsed = (): number => Math.round(performance.now() - started);
      let cwd: string | null = null;
      try {
        cwd = await mkdtemp(join(workRoot, `${spec.deploymentId}-`));
        const file = join(cwd, DEPLOYMENT_FILE);
        const { deploymentId, customerId, target, artifact, capacityUnits, parameters } = spec;
        const document = { deploymentId, customerId, target, artifact, capacityUnits, parameters };
        await writeFile(file, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
        if (signal.aborted)
          return failedOutcome('aborted', 'aborted before the executable was started', { durationMs: elapsed() });
        const env = childEnvironment(spec, passThrough, { TAI_DEPLOYMENT_FILE: file });
        const run = await runProcessGroup(
          { file: executable, args, cwd, env, timeoutMs, killGraceMs, maxOutputBytes },
          signal,
          onStarted,
        );
        return toOutcome(run, elapsed(), timeoutMs);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        return failedOutcome('spawn_error', `could not prepare the working directory: ${why}`, {
          durationMs: elapsed(),
        });
      } finally {
        // Nothing is kept: the outcome carries the output, and a later run must not see an earlier one's files.
        if (cwd !== null) await rm(cwd, { recursive: true, force: true, maxRetries: 2 }).catch(() => undefined);
      }
    },
  };
};
