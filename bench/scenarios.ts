/** What the bench measures against the service. Each capability adds its routes here. */
import type autocannon from 'autocannon';
import { issueExampleConfig, typicalRequest } from '../test/fixtures/pricing/issue-example.ts';
import { BENCH_ADMIN_TOKEN } from './token.ts';

interface Scenario {
  readonly name: string;
  /** The process it runs against: the service (default), or the raw Fastify one that holds the floor. */
  readonly server?: 'raw';
  /** Sets up whatever the requests need (customers, keys) and returns the request to repeat. */
  prepare(url: string): Promise<Partial<autocannon.Request>>;
}

const admin = async (url: string, method: string, path: string, body: unknown): Promise<any> => {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
};

/** A fresh pilot customer with a contract, pricing and an all-scopes key; returns its bearer token. */
const pricedCustomer = async (url: string, name: string, capacityUnits = 100): Promise<string> => {
  const customer = await admin(url, 'POST', '/v1/admin/customers', {
    name,
    contactEmail: 'bench@example.com',
    mode: 'pilot',
  });
  await admin(url, 'PUT', `/v1/admin/customers/${customer.id}/contract`, {
    reference: 'BENCH-1',
    startsOn: '2026-01-01',
    endsOn: '2099-12-31',
    currency: 'USD',
    monthlyFee: '1.00',
    features: ['publish', 'deploy'],
    limits: { maxActiveDeployments: 100_000_000, capacityUnits },
    cancellationTerms: 'none',
    signature: { signedBy: 'bench', signedAt: '2026-01-01T00:00:00Z' },
  });
  await admin(url, 'PUT', `/v1/admin/customers/${customer.id}/pricing`, issueExampleConfig);
  const key = await admin(url, 'POST', `/v1/admin/customers/${customer.id}/api-keys`, {
    scopes: ['pricing:read', 'marketplace:publish', 'deploy:write', 'receipts:read'],
  });
  return key.secret as string;
};

const post = (path: string, token: string, body: unknown): Partial<autocannon.Request> => ({
  method: 'POST',
  path,
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const BENCH_SCENARIOS: readonly Scenario[] = [
  {
    // bench/floor.ts: the least any publish can cost here; the service's writes are read against it too.
    name: 'floor: bare signed durable write',
    server: 'raw',
    prepare: () =>
      Promise.resolve({
        method: 'POST',
        path: '/publish',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ segment: 'bench', visibility: 'private' }),
      }),
  },
  { name: 'GET /health', prepare: () => Promise.resolve({ path: '/health' }) },
  {
    name: 'GET /health?deep=true',
    prepare: () =>
      Promise.resolve({ path: '/health?deep=true', headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` } }),
  },
  {
    name: 'POST /v1/pricing/calculate (7 SKUs)',
    prepare: async (url) => post('/v1/pricing/calculate', await pricedCustomer(url, 'bench-quote'), typicalRequest),
  },
  {
    name: 'POST /v1/marketplace/publish',
    prepare: async (url) =>
      post('/v1/marketplace/publish', await pricedCustomer(url, 'bench-publish'), {
        segment: 'bench',
        visibility: 'private',
      }),
  },
  {
    name: 'POST /v1/customer/deploy (record)',
    prepare: async (url) =>
      post('/v1/customer/deploy', await pricedCustomer(url, 'bench-deploy', 1_000_000_000), {
        contractReference: 'BENCH-1',
        target: 'record',
        capacityUnits: 1,
        artifact: 'bench:1',
      }),
  },
  {
    name: 'quote + durable receipt (one log)',
    prepare: async (url) =>
      post('/v1/pricing/calculate', await pricedCustomer(url, 'bench-receipt'), { ...typicalRequest, receipt: true }),
  },
];
