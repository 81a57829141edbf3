/**
 * The insurer simulator: a real HTTP server speaking the provider contract (docs/INSURANCE_ARCHITECTURE.md)
 * with real Ed25519 keys, a controllable clock, scenarios and a call record. Development and tests only.
 * The /_sim control API is served on the provider URL and, always (even while `down`), on controlUrl.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OffsetClock, type ControllableClock } from './clock.ts';
import {
  applyListener,
  createCertificate,
  rotateKeys,
  setScenario,
  type CertificateSummary,
  type SimRuntime,
} from './commands.ts';
import { handleControl } from './control.ts';
import { providerError, send } from './http.ts';
import { KeyRing } from './keys.ts';
import { handleProvider, type ProviderContext } from './provider.ts';
import { seededRandom } from '../../domain/shared/random.ts';
import type { ScenarioSpec } from './scenarios.ts';
import { SimState, type SimCall, type SimRequest } from './state.ts';

export type { ControllableClock } from './clock.ts';
export type { ScenarioSpec } from './scenarios.ts';
export type { SimCall } from './state.ts';
export type { CertificateSummary } from './commands.ts';

export const DEFAULT_SIM_API_KEY = 'tai-sim-dev-key';

export interface InsurerSimulatorOptions {
  readonly port?: number;
  readonly host?: string;
  readonly apiKey?: string;
  readonly clock?: ControllableClock;
  readonly seed?: number;
  /** Port of the always-up control listener (default: any free port). */
  readonly controlPort?: number;
  /** Simulated time from a certificate request to issuance (default 30 s). */
  readonly issuanceDelayMs?: number;
  readonly rateLimitPerMinute?: number;
  /** How long a rotated-out key stays in the JWKS (default 7 days, simulated time). */
  readonly keyRetentionMs?: number;
}

export interface InsurerSimulator {
  readonly url: string;
  readonly controlUrl: string;
  readonly apiKey: string;
  readonly clock: ControllableClock;
  calls(): readonly SimCall[];
  resetCalls(): void;
  createCertificate(input: {
    insured: string | { name: string; reference: string };
    policyNumber?: string;
    effectiveFrom?: string;
    expiresAt?: string;
  }): CertificateSummary;
  setScenario(spec: ScenarioSpec, certificateId?: string): Promise<void>;
  rotateKeys(): Promise<string>;
  certificateRequests(): readonly SimRequest[];
  isDown(): boolean;
  close(): Promise<void>;
}

const listen = (server: Server, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

const shut = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

const pathOf = (req: IncomingMessage): string => new URL(req.url ?? '/', 'http://sim.invalid').pathname;
const isControl = (path: string): boolean => path === '/_sim' || path.startsWith('/_sim/');

const guarded = (res: ServerResponse, work: Promise<void>): void => {
  work.catch(() => {
    if (!res.headersSent) send(res, providerError(500, 'internal', 'Simulator error.'));
  });
};

export const startInsurerSimulator = async (options: InsurerSimulatorOptions = {}): Promise<InsurerSimulator> => {
  const host = options.host ?? '127.0.0.1';
  const apiKey = options.apiKey ?? DEFAULT_SIM_API_KEY;
  const clock = options.clock ?? new OffsetClock();
  const keys = await KeyRing.create(clock, options.keyRetentionMs ?? 7 * 86_400_000);
  const state = new SimState(clock, keys, seededRandom(options.seed ?? 1), {
    issuanceDelayMs: options.issuanceDelayMs ?? 30_000,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
  });
  const ctx: ProviderContext = { state, apiKeyDigest: createHash('sha256').update(apiKey).digest(), timers: new Set() };
  let down = false;
  let port = 0;

  const rt: SimRuntime = {
    state,
    goDown: async () => {
      if (down) return;
      down = true;
      await shut(provider);
    },
    comeUp: async () => {
      if (!down) return;
      await listen(provider, port, host);
      down = false;
    },
  };

  const provider = createServer((req, res) => {
    const path = pathOf(req);
    guarded(res, isControl(path) ? handleControl(rt, req, res, path) : handleProvider(ctx, req, res, path));
  });
  const control = createServer((req, res) => {
    const path = pathOf(req);
    guarded(
      res,
      isControl(path)
        ? handleControl(rt, req, res, path)
        : Promise.resolve(send(res, providerError(404, 'not_found', 'Control listener: /_sim/* only.'))),
    );
  });
  port = await listen(provider, options.port ?? 0, host);
  const controlPort = await listen(control, options.controlPort ?? 0, host).catch(async (e: unknown) => {
    await shut(provider); // a busy control port must not leave the provider listening
    throw e;
  });
  const base = (p: number): string => `http://${host.includes(':') ? `[${host}]` : host}:${p}`;

  return {
    url: base(port),
    controlUrl: base(controlPort),
    apiKey,
    clock,
    calls: () => state.calls,
    resetCalls: () => void (state.calls.length = 0),
    createCertificate: (input) => {
      const r = createCertificate(rt, input);
      if (!r.ok) throw new RangeError(r.message);
      return r.value;
    },
    setScenario: async (spec, certificateId) => {
      const r = setScenario(rt, spec, certificateId);
      if (!r.ok) throw new RangeError(r.message);
      await applyListener(rt, r.value);
    },
    rotateKeys: async () => (await rotateKeys(rt)).kid,
    certificateRequests: () => [...state.requests.values()],
    isDown: () => down,
    close: async () => {
      for (const timer of ctx.timers) clearTimeout(timer);
      ctx.timers.clear();
      await Promise.all([down ? Promise.resolve() : shut(provider), shut(control)]);
    },
  };
};
