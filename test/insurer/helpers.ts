/** Shared set-up for the over-HTTP insurer tests: a simulator and a client on one virtual clock. */
import { createHttpInsurerClient, type HttpInsurerClient } from '../../src/adapters/insurer/http-client.ts';
import { createUndiciTransport } from '../../src/adapters/insurer/transport.ts';
import type { Logger, LogFields } from '../../src/adapters/logger/interface.ts';
import type { Metrics } from '../../src/adapters/metrics/interface.ts';
import type { MetricLabels } from '../../src/domain/metrics/catalog.ts';
import type { InsurerPolicy } from '../../src/domain/insurance/policy.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import {
  startInsurerSimulator,
  type InsurerSimulator,
  type InsurerSimulatorOptions,
  type SimCall,
} from '../../src/edges/insurer-sim/index.ts';

export const API_KEY = 'sk_test_insurer_5e3cr3t_do_not_log';
export const INSURED = { name: 'Acme Robotics Ltd', reference: 'cus_acme_0001' } as const;
export const START = '2026-03-01T00:00:00.000Z';

export interface LogLine {
  readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  readonly obj: LogFields;
  readonly msg: string;
}
export interface MetricPoint {
  readonly kind: 'counter' | 'gauge' | 'histogram';
  readonly name: string;
  readonly labels: MetricLabels;
  readonly value: number;
}

export interface Rig {
  readonly clock: ManualClock;
  readonly sim: InsurerSimulator;
  readonly client: HttpInsurerClient;
  /** Every delay the client asked the injected sleep for, in order. */
  readonly delays: number[];
  readonly logs: LogLine[];
  readonly metrics: MetricPoint[];
  readonly certificateId: string;
  v1Calls(): readonly SimCall[];
  jwksCalls(): readonly SimCall[];
  newClient(policy?: Partial<InsurerPolicy>): HttpInsurerClient;
  control(path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

interface RigOptions {
  readonly policy?: Partial<InsurerPolicy>;
  readonly sim?: Omit<InsurerSimulatorOptions, 'clock' | 'apiKey'>;
  readonly random?: () => number;
  /** Off for tests that restart the listener with no retries: a pooled socket the server closed fails once (UND_ERR_SOCKET). */
  readonly keepAlive?: boolean;
}

export const startRig = async (options: RigOptions = {}): Promise<Rig> => {
  const clock = new ManualClock(START);
  const sim = await startInsurerSimulator({ clock, apiKey: API_KEY, seed: 7, ...options.sim });
  const delays: number[] = [];
  const logs: LogLine[] = [];
  const metrics: MetricPoint[] = [];
  const line =
    (level: LogLine['level']) =>
    (obj: LogFields | string, msg = ''): void =>
      void logs.push(typeof obj === 'string' ? { level, obj: {}, msg: obj } : { level, obj, msg });
  const logger: Logger = {
    trace: line('trace'),
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    fatal: line('fatal'),
    child: () => logger,
  };
  const sink: Metrics = {
    inc: (name, labels = {}, value = 1) => void metrics.push({ kind: 'counter', name, labels, value }),
    set: (name, value, labels = {}) => void metrics.push({ kind: 'gauge', name, labels, value }),
    observe: (name, value, labels = {}) => void metrics.push({ kind: 'histogram', name, labels, value }),
  };
  const clients: HttpInsurerClient[] = [];
  const newClient = (policy: Partial<InsurerPolicy> = {}): HttpInsurerClient => {
    const c = createHttpInsurerClient({
      baseUrl: sim.url,
      apiKey: API_KEY,
      clock,
      // Virtual sleep: record, yield a turn (so concurrent callers interleave as in real time), then move the clock.
      sleep: async (ms) => {
        delays.push(ms);
        await new Promise((resolve) => setImmediate(resolve));
        clock.advance(ms);
      },
      random: options.random ?? (() => 0),
      logger,
      metrics: sink,
      policy: { ...options.policy, ...policy },
      ...(options.keepAlive === false ? { transport: createUndiciTransport(sim.url, { keepAlive: false }) } : {}),
    });
    clients.push(c);
    return c;
  };
  const client = newClient();
  const { certificateId } = sim.createCertificate({ insured: INSURED, policyNumber: 'GL-2026-0001' });
  return {
    clock,
    sim,
    client,
    delays,
    logs,
    metrics,
    certificateId,
    newClient,
    v1Calls: () => sim.calls().filter((c) => c.path.startsWith('/v1/')),
    jwksCalls: () => sim.calls().filter((c) => c.path === '/.well-known/jwks.json'),
    control: async (path, body) => {
      const res = await fetch(`${sim.controlUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: await res.json() };
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
      await sim.close();
    },
  };
};
