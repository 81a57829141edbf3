/**
 * Starts the real service on an ephemeral port over a real store, and gives tests a small HTTP client.
 * The admin token is fixed per test service so requests can use it.
 */
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryInsurerClient } from '../../src/adapters/insurer/in-memory.ts';
import type { InsurerClient } from '../../src/adapters/insurer/interface.ts';
import type { Metrics } from '../../src/adapters/metrics/interface.ts';
import type { Store } from '../../src/adapters/store/interface.ts';
import { seededRandom } from '../../src/domain/certificate/index.ts';
import { buildService, type Service } from '../../src/app/start.ts';
import type { WitnessClient } from '../../src/adapters/witness/interface.ts';
import { loadConfig } from '../../src/config/load.ts';
import { systemClock, type Clock } from '../../src/domain/shared/clock.ts';
import { describePerStore, type StoreFixture } from './stores.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestService {
  readonly url: string;
  readonly service: Service;
  /** Holds the receipt keyring; removed on close. */
  readonly dataDir: string;
  call(
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    body: any;
    headers: Headers;
  }>;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

interface TestServiceOptions {
  readonly clock?: Clock;
  readonly env?: Record<string, string>;
  readonly logStream?: NodeJS.WritableStream;
  readonly insurer?: InsurerClient;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly metrics?: Metrics;
  readonly witnesses?: readonly WitnessClient[];
  readonly spanProcessor?: SpanProcessor;
}

export const startTestService = async (store: Store, options: TestServiceOptions = {}): Promise<TestService> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tai-svc-'));
  const config = loadConfig({
    TAI_ADMIN_TOKEN: ADMIN_TOKEN,
    TAI_LOG_LEVEL: 'silent',
    TAI_DATA_DIR: dataDir,
    // Suites send many bad credentials from one address on purpose; the throttle's own tests lower this.
    TAI_AUTH_FAILURE_BURST: '1000000',
    ...options.env,
  });
  const service = await buildService(config, {
    store,
    // The scheduler is armed but its timers never fire: tests run it with scheduler.runDue().
    schedulerTimers: { setTimeout: () => null, clearTimeout: () => undefined },
    random: seededRandom(42),
    // Tests that do not exercise the insurer get the in-memory stand-in, so deep health has one to report.
    insurer: options.insurer ?? createInMemoryInsurerClient(options.clock ?? systemClock),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.witnesses ? { witnesses: options.witnesses } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logStream ? { logStream: options.logStream } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.spanProcessor ? { spanProcessor: options.spanProcessor } : {}),
  });
  const address = await service.app.listen({ port: 0, host: '127.0.0.1' });
  const call: TestService['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    const token = o.token === undefined ? ADMIN_TOKEN : o.token;
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${address}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: leave the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    url: address,
    service,
    call,
    admin: (method, path, body) => call(method, path, { body }),
    dataDir,
    close: async () => {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

export const contractBody = (overrides: Record<string, unknown> = {}) => ({
  reference: 'MSA-2026-001',
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  currency: 'USD',
  monthlyFee: '1500.00',
  features: ['publish', 'deploy'],
  limits: { maxActiveDeployments: 3, capacityUnits: 100 },
  cancellationTerms: '30 days written notice',
  signature: { signedBy: 'Dana Buyer, CFO', signedAt: '2026-01-01T10:00:00Z' },
  ...overrides,
});

/** Creates a customer with a key holding `scopes`; returns its id and bearer token. */
export const onboard = async (
  svc: TestService,
  name: string,
  scopes: string[] = ['account:read', 'pricing:read', 'marketplace:publish', 'deploy:write', 'receipts:read'],
  mode = 'pilot',
): Promise<{ id: string; token: string; keyId: string }> => {
  const created = await svc.admin('POST', '/v1/admin/customers', {
    name,
    contactEmail: `${name.toLowerCase()}@example.com`,
    mode,
  });
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const key = await svc.admin('POST', `/v1/admin/customers/${created.body.id}/api-keys`, { scopes });
  if (key.status !== 201) throw new Error(`key failed: ${JSON.stringify(key.body)}`);
  return { id: created.body.id, token: key.body.secret, keyId: key.body.id };
};

/** One describe block per available store with a service over it; `svc()` is the running service. */
export const describeService = (
  title: string,
  body: (svc: () => TestService, fixture: StoreFixture) => void,
  options: TestServiceOptions = {},
): void => describePerStore(title, (store) => startTestService(store, options), body);
