/**
 * Model-based test: random sequences of scenarios, clock moves and verifications against a simple model
 * of the breaker and the cache. After every verification the client's answer, the number of provider calls
 * and the breaker state must match the model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startRig, type Rig } from './helpers.ts';

const TTL = 5 * 60_000;
const GRACE = 7 * 86_400_000;
const THRESHOLD = 3;
const HALF_OPEN_AFTER = 30_000;

type Data = 'revoked' | 'expired';
type Fault = 'server_error' | 'not_found' | 'bad_signature' | 'rate_limited';
type Standing = 'active' | Data;
type Outcome =
  | { readonly ok: true; readonly standing: Standing }
  | { readonly ok: false; readonly code: string; readonly transient: boolean };

interface Model {
  data: Data | undefined;
  fault: Fault | undefined;
  down: boolean;
  open: boolean;
  failures: number;
  openedAt: number;
  cache: Map<number, { verifiedAt: number; standing: Standing }>;
}

interface Real {
  readonly rig: Rig;
  readonly ids: readonly string[];
}

const provider = (m: Model): Outcome => {
  if (m.down) return { ok: false, code: 'network', transient: true };
  switch (m.fault) {
    case 'server_error':
      return { ok: false, code: 'server_error', transient: true };
    case 'rate_limited':
      return { ok: false, code: 'rate_limited', transient: true };
    case 'not_found':
    case 'bad_signature':
      return { ok: false, code: m.fault, transient: false };
    case undefined:
      return { ok: true, standing: m.data ?? 'active' };
  }
};

const breakerState = (m: Model, now: number): string =>
  !m.open ? 'closed' : now - m.openedAt >= HALF_OPEN_AFTER ? 'half_open' : 'open';

/** What a verification should return and how many provider calls it should make; updates the model. */
const expectVerify = (
  m: Model,
  which: number,
  fresh: boolean,
  now: number,
): { outcome: Outcome; calls: number; source: string } => {
  const entry = m.cache.get(which);
  if (entry !== undefined && !fresh && now - entry.verifiedAt < TTL)
    return { outcome: { ok: true, standing: entry.standing }, calls: 0, source: 'cache' };
  let outcome: Outcome;
  let calls = 0;
  if (m.open && now - m.openedAt < HALF_OPEN_AFTER) {
    outcome = { ok: false, code: 'circuit_open', transient: true };
  } else {
    outcome = provider(m);
    calls = m.down ? 0 : 1;
    const failure = !outcome.ok && (outcome.code === 'server_error' || outcome.code === 'network');
    if (m.open) {
      if (failure) m.openedAt = now;
      else [m.open, m.failures] = [false, 0];
    } else if (failure) {
      m.failures += 1;
      if (m.failures >= THRESHOLD) [m.open, m.openedAt] = [true, now];
    } else {
      m.failures = 0;
    }
  }
  if (outcome.ok) {
    m.cache.set(which, { verifiedAt: now, standing: outcome.standing });
    return { outcome, calls, source: 'network' };
  }
  if (!outcome.transient) {
    m.cache.delete(which);
    return { outcome, calls, source: 'none' };
  }
  if (entry !== undefined && now - entry.verifiedAt <= GRACE)
    return { outcome: { ok: true, standing: entry.standing }, calls, source: 'stale' };
  return { outcome, calls, source: 'none' };
};

const standingCode = { revoked: 'certificate_revoked', expired: 'certificate_expired' } as const;

class Verify implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly which: number,
    readonly fresh: boolean,
  ) {}
  check = (): boolean => true;
  async run(m: Model, r: Real): Promise<void> {
    const now = r.rig.clock.now();
    const before = r.rig.v1Calls().length;
    const expected = expectVerify(m, this.which, this.fresh, now);
    const got = await r.rig.client.verifyCertificate(r.ids[this.which] ?? '', { fresh: this.fresh });
    expect(r.rig.v1Calls().length - before).toBe(expected.calls);
    const e = expected.outcome;
    if (e.ok && e.standing === 'active') {
      expect(got.ok && got.value.source).toBe(expected.source);
    } else if (e.ok && e.standing !== 'active') {
      expect(!got.ok && got.error.code).toBe(standingCode[e.standing]);
      expect(!got.ok && got.error.certificate?.source).toBe(expected.source);
    } else if (!e.ok) {
      expect(!got.ok && got.error.code).toBe(e.code);
    }
    expect(r.rig.client.health().breaker).toBe(breakerState(m, now));
  }
  toString = (): string => `verify(${this.which}${this.fresh ? ', fresh' : ''})`;
}

class SetScenario implements fc.AsyncCommand<Model, Real> {
  constructor(readonly scenario: 'healthy' | 'down' | Data | Fault) {}
  check = (): boolean => true;
  async run(m: Model, r: Real): Promise<void> {
    await r.rig.sim.setScenario({
      scenario: this.scenario,
      ...(this.scenario === 'rate_limited' ? { retryAfter: 1 } : {}),
    });
    switch (this.scenario) {
      case 'healthy':
        [m.data, m.fault, m.down] = [undefined, undefined, false];
        break;
      case 'down':
        m.down = true;
        break;
      case 'revoked':
      case 'expired':
        m.data = this.scenario;
        break;
      default:
        m.fault = this.scenario;
    }
  }
  toString = (): string => `scenario(${this.scenario})`;
}

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  run(_m: Model, r: Real): Promise<void> {
    r.rig.clock.advance(this.ms);
    return Promise.resolve();
  }
  toString = (): string => `advance(${this.ms})`;
}

const commands = [
  fc.tuple(fc.integer({ min: 0, max: 1 }), fc.boolean()).map(([w, f]) => new Verify(w, f)),
  fc.tuple(fc.integer({ min: 0, max: 1 }), fc.boolean()).map(([w, f]) => new Verify(w, f)),
  fc
    .constantFrom(
      'healthy',
      'healthy',
      'down',
      'revoked',
      'expired',
      'server_error',
      'server_error',
      'not_found',
      'bad_signature',
      'rate_limited',
    )
    .map((s) => new SetScenario(s)),
  fc
    .constantFrom(1_000, 29_000, 31_000, 4 * 60_000, 6 * 60_000, 3 * 86_400_000, 8 * 86_400_000)
    .map((ms) => new Advance(ms)),
];

describe('breaker + cache against a model', () => {
  it('agree on every random sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: 'max' }), async (cmds) => {
        // No keep-alive: with no retries, a pooled socket closed by `down` would fail once more after `healthy`.
        const rig = await startRig({
          keepAlive: false,
          policy: { maxRetries: 0, breakerFailureThreshold: THRESHOLD, breakerHalfOpenAfterMs: HALF_OPEN_AFTER },
        });
        const second = rig.sim.createCertificate({ insured: 'Second Party' }).certificateId;
        const model: Model = {
          data: undefined,
          fault: undefined,
          down: false,
          open: false,
          failures: 0,
          openedAt: 0,
          cache: new Map(),
        };
        try {
          await fc.asyncModelRun(() => ({ model, real: { rig, ids: [rig.certificateId, second] } }), cmds);
        } finally {
          await rig.close();
        }
      }),
      { numRuns: 100 },
    );
  });
});
