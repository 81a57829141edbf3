/** Scenario names and their parameters (the seeded randomness behind `flaky` is domain/shared/random.ts). */
export const DATA_SCENARIOS = ['expired', 'revoked', 'suspended'] as const;
const FAULT_SCENARIOS = [
  'not_found',
  'unauthorized',
  'rate_limited',
  'slow',
  'server_error',
  'flaky',
  'malformed',
  'bad_signature',
  'unknown_key',
  'down',
] as const;
export const SCENARIOS = ['healthy', ...DATA_SCENARIOS, ...FAULT_SCENARIOS] as const;

export type DataScenario = (typeof DATA_SCENARIOS)[number];
export type Scenario = (typeof SCENARIOS)[number];

export interface ScenarioSpec {
  readonly scenario: Scenario;
  /** rate_limited: seconds in Retry-After (default 30). */
  readonly retryAfter?: number;
  /** slow: real milliseconds before answering (default 6000, past the client's 5 s timeout). */
  readonly delayMs?: number;
  /** server_error and flaky: the 5xx to answer (default 503). */
  readonly status?: number;
  /** flaky: chance of failing each request (default 0.5). */
  readonly failureProbability?: number;
  /** Fault scenarios: apply to this many requests, then revert to healthy. */
  readonly times?: number;
}

export const isDataScenario = (s: Scenario): s is DataScenario => (DATA_SCENARIOS as readonly string[]).includes(s);

type Parsed = { ok: true; spec: ScenarioSpec } | { ok: false; message: string };

const NUMERIC: Record<string, [min: number, max: number, integer: boolean]> = {
  retryAfter: [0, 86_400, true],
  delayMs: [0, 120_000, true],
  status: [500, 599, true],
  failureProbability: [0, 1, false],
  times: [1, 1_000_000, true],
};

export const parseScenarioSpec = (body: unknown): Parsed => {
  if (typeof body !== 'object' || body === null) return { ok: false, message: 'expected a JSON object' };
  const b = body as Record<string, unknown>;
  const scenario = b['scenario'];
  if (typeof scenario !== 'string' || !(SCENARIOS as readonly string[]).includes(scenario)) {
    return { ok: false, message: `scenario must be one of ${SCENARIOS.join(', ')}` };
  }
  const spec: Record<string, unknown> = { scenario };
  for (const [key, [min, max, integer]] of Object.entries(NUMERIC)) {
    const v = b[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || v < min || v > max || (integer && !Number.isInteger(v))) {
      return { ok: false, message: `${key} must be a number in [${min}, ${max}]` };
    }
    spec[key] = v;
  }
  return { ok: true, spec: spec as unknown as ScenarioSpec };
};
