/** Checks a DeploymentSpec before anything runs, and derives the child's environment from it. */
import type { DeploymentSpec, FailedOutcome, FailureReason } from './interface.ts';

/** Used as a directory name, so no dots or slashes. Ids like `dep_01J...` fit. */
const DEPLOYMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
/** Used verbatim in TAI_PARAM_<NAME>; upper case only, so no two names map to one variable. */
const PARAMETER_NAME_PATTERN = /^[A-Z0-9_]{1,64}$/;
/** Well under Linux's 128 KiB per environment string, and the whole set under ARG_MAX. */
const SPEC_LIMITS = { maxParameters: 64, maxValueLength: 4096 } as const;
/** The only PATH a child ever sees: nothing from the service's own environment. */
export const SAFE_PATH = '/usr/local/bin:/usr/bin:/bin';

interface SpecProblem {
  /** JSON pointer into the spec, e.g. `/parameters/region`. */
  readonly path: string;
  readonly detail: string;
}

const stringProblem = (path: string, value: string): SpecProblem | null => {
  if (value.includes('\0')) return { path, detail: 'must not contain a NUL character' };
  if (value.length > SPEC_LIMITS.maxValueLength) {
    return { path, detail: `must be at most ${SPEC_LIMITS.maxValueLength} characters` };
  }
  return null;
};

/** Null when the spec is safe to hand to any executor; the service can call it at pre-flight to answer 400. */
export const specProblem = (spec: DeploymentSpec): SpecProblem | null => {
  if (!DEPLOYMENT_ID_PATTERN.test(spec.deploymentId)) {
    return { path: '/deploymentId', detail: `must match ${String(DEPLOYMENT_ID_PATTERN)}` };
  }
  if (spec.artifact.length === 0) return { path: '/artifact', detail: 'must not be empty' };
  for (const key of ['customerId', 'target', 'artifact'] as const) {
    const problem = stringProblem(`/${key}`, spec[key]);
    if (problem !== null) return problem;
  }
  if (!Number.isFinite(spec.capacityUnits)) return { path: '/capacityUnits', detail: 'must be a finite number' };
  const entries = Object.entries(spec.parameters);
  if (entries.length > SPEC_LIMITS.maxParameters) {
    return { path: '/parameters', detail: `at most ${SPEC_LIMITS.maxParameters} parameters` };
  }
  for (const [name, value] of entries) {
    const path = `/parameters/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (!PARAMETER_NAME_PATTERN.test(name))
      return { path, detail: `name must match ${String(PARAMETER_NAME_PATTERN)}` };
    if (typeof value === 'number' && !Number.isFinite(value)) return { path, detail: 'must be a finite number' };
    if (typeof value === 'string') {
      const problem = stringProblem(path, value);
      if (problem !== null) return problem;
    }
  }
  return null;
};

/** The child's whole environment: SAFE_PATH, the spec as TAI_* variables, and any operator-allowed pass-through. */
export const childEnvironment = (
  spec: DeploymentSpec,
  passThrough: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>>,
): Record<string, string> => {
  const env: Record<string, string> = { ...passThrough, PATH: SAFE_PATH, ...extra };
  env['TAI_DEPLOYMENT_ID'] = spec.deploymentId;
  env['TAI_CUSTOMER_ID'] = spec.customerId;
  env['TAI_TARGET'] = spec.target;
  env['TAI_ARTIFACT'] = spec.artifact;
  env['TAI_CAPACITY_UNITS'] = String(spec.capacityUnits);
  for (const [name, value] of Object.entries(spec.parameters)) env[`TAI_PARAM_${name}`] = String(value);
  return env;
};

export const failedOutcome = (
  reason: FailureReason,
  detail: string,
  rest: Partial<Omit<FailedOutcome, 'status' | 'reason' | 'detail'>> = {},
): FailedOutcome => ({
  status: 'failed',
  reason,
  exitCode: rest.exitCode ?? null,
  signal: rest.signal ?? null,
  output: rest.output ?? '',
  truncated: rest.truncated ?? false,
  durationMs: rest.durationMs ?? 0,
  detail,
});

export const rejectedOutcome = (problem: SpecProblem): FailedOutcome =>
  failedOutcome('rejected', `invalid deployment spec at ${problem.path}: ${problem.detail}`);
