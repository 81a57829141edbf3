/**
 * The hostile-input suite, over real HTTP on both stores: every operation in /openapi.json gets a table of
 * malformed values in each body field, query and path parameter and header, then seeded generated requests.
 * It fails on any 5xx, any error answer without the catalog body, and any 2xx whose stored value differs
 * from what was sent and acknowledged. HOSTILE_GENERATED raises the generated count for a bigger campaign.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SCOPES } from '../../src/domain/customer/types.ts';
import { describeInsured, insuredCustomer } from '../support/insured.ts';
import { ADMIN_TOKEN, contractBody } from '../support/service.ts';
import {
  generatedRequests,
  hostileClient,
  operationsOf,
  runRequests,
  tableRequests,
  type Answer,
  type CampaignTally,
  type Example,
  type HostileRequest,
  type Operation,
} from './campaign.ts';
import { termsDoc } from '../support/revenue.ts';

const GENERATED_PER_OPERATION = Number(process.env['HOSTILE_GENERATED'] ?? 12);
const SEED = Number(process.env['HOSTILE_SEED'] ?? 1306);

interface Ids {
  readonly customer: string;
  readonly spareKeyId: string;
  readonly receiptId: string;
  readonly deploymentId: string;
  readonly certificateId: string;
  readonly contractReference: string;
}

const EXAMPLES: Readonly<Record<string, (ids: Ids) => Example>> = {
  'GET /health': () => ({ query: { deep: 'true' } }),
  'POST /v1/admin/customers': () => ({
    body: { name: 'Hostile Probe', contactEmail: 'probe@example.com', mode: 'eval' },
  }),
  'GET /v1/admin/customers': () => ({ query: { limit: '5' } }),
  'GET /v1/admin/customers/{id}': (i) => ({ params: { id: i.customer } }),
  'PUT /v1/admin/customers/{id}/mode': (i) => ({ params: { id: i.customer }, body: { mode: 'prod', reason: 'probe' } }),
  'POST /v1/admin/customers/{id}/api-keys': (i) => ({
    params: { id: i.customer },
    body: { scopes: ['receipts:read'] },
  }),
  'GET /v1/admin/customers/{id}/api-keys': (i) => ({ params: { id: i.customer } }),
  'DELETE /v1/admin/customers/{id}/api-keys/{keyId}': (i) => ({ params: { id: i.customer, keyId: i.spareKeyId } }),
  'PUT /v1/admin/customers/{id}/contract': (i) => ({
    params: { id: i.customer },
    body: contractBody({
      reference: i.contractReference,
      limits: { maxActiveDeployments: 100_000, capacityUnits: 1_000_000, allowedTargets: ['record'] },
    }),
  }),
  'GET /v1/admin/customers/{id}/contract': (i) => ({ params: { id: i.customer } }),
  'PUT /v1/admin/customers/{id}/pricing': (i) => ({
    params: { id: i.customer },
    body: {
      currency: 'USD',
      effectiveFrom: '2026-01-01',
      skus: [
        { sku: 'platform', model: 'flat', amount: '1.00' },
        {
          sku: 'calls',
          model: 'graduated',
          tiers: [
            { upTo: '10', unitPrice: '0.10' },
            { upTo: null, unitPrice: '0.05' },
          ],
        },
      ],
      discounts: [{ appliesTo: 'total', percent: '5' }],
    },
  }),
  'GET /v1/admin/customers/{id}/pricing': (i) => ({ params: { id: i.customer } }),
  'GET /v1/admin/audit': () => ({
    query: { limit: '5', from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', type: 'auth.failure' },
  }),
  'POST /v1/admin/receipt-keys/rotate': () => ({}),
  'POST /v1/admin/receipt-keys/{kid}/revoke': () => ({
    params: { kid: 'ed25519-AAAAAAAAAAA' },
    body: { compromisedAt: '2026-01-15T09:30:00.000Z' },
  }),
  'POST /v1/me/webhooks': () => ({
    body: { url: 'http://127.0.0.1:9/hostile-hook', events: ['certificate.expiring'] },
  }),
  'GET /v1/me/webhooks': () => ({}),
  // An endpoint that does not exist: the probe's 404 is the answer under test.
  'DELETE /v1/me/webhooks/{id}': () => ({ params: { id: 'whe_00000000000000000000000000' } }),
  'POST /v1/me/webhooks/{id}/rotate': () => ({ params: { id: 'whe_00000000000000000000000000' } }),
  'GET /v1/admin/notifications': () => ({ query: { limit: '5', status: 'dead' } }),
  'POST /v1/admin/notifications/{id}/redeliver': () => ({ params: { id: 'ntf_00000000000000000000000000' } }),
  'GET /v1/admin/notification-templates/{type}/{channel}': () => ({
    params: { type: 'certificate.revoked', channel: 'slack' },
  }),
  'PUT /v1/admin/notification-templates/{type}/{channel}': () => ({
    params: { type: 'certificate.revoked', channel: 'slack' },
    body: { template: { title: 'Revoked: {{customer.name}}', text: 'Certificate revoked ({{facts.reason}}).' } },
  }),
  'POST /v1/admin/notification-templates/{type}/{channel}/preview': () => ({
    params: { type: 'certificate.revoked', channel: 'slack' },
    body: { template: { title: 'Revoked: {{customer.name}}', text: 'Certificate revoked ({{facts.reason}}).' } },
  }),
  'PUT /v1/admin/customers/{id}/revenue-terms': (i) => ({
    params: { id: i.customer },
    body: termsDoc({ contractReference: 'MSA-PROBE' }),
  }),
  'GET /v1/admin/customers/{id}/revenue-terms': (i) => ({ params: { id: i.customer } }),
  'GET /v1/admin/customers/{id}/revenue': (i) => ({ params: { id: i.customer } }),
  'POST /v1/admin/revenue/preview': () => ({
    body: { amount: '120.00', currency: 'USD', start: '2026-01-01', end: '2026-04-01', method: 'daily' },
  }),
  'POST /v1/admin/revenue/close': () => ({ body: { day: '2026-01-01' } }),
  'GET /v1/admin/revenue/report': () => ({ query: { from: '2026-01', to: '2026-03', format: 'json' } }),
  'GET /v1/admin/revenue/closed-through': () => ({}),
  'PUT /v1/admin/revenue/closed-through': () => ({ body: { period: '2026-01' } }),
  'GET /v1/me': () => ({}),
  'GET /v1/me/contract': () => ({}),
  'GET /v1/me/pricing': () => ({}),
  'GET /.well-known/tai-receipt-keys.json': () => ({}),
  'GET /v1/receipts': () => ({
    query: { limit: '5', kind: 'deploy', from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' },
  }),
  'GET /v1/receipts/{id}': (i) => ({ params: { id: i.receiptId } }),
  'GET /v1/ledger/checkpoint': () => ({}),
  'GET /v1/ledger/consistency': () => ({ query: { from: '1' } }),
  'GET /v1/ledger/export': () => ({}),
  'POST /v1/pricing/calculate': () => ({
    body: {
      items: [
        { sku: 'platform', quantity: '1' },
        { sku: 'calls', quantity: '12.5' },
      ],
      at: '2026-03-01',
    },
  }),
  'PUT /v1/admin/customers/{id}/insurance': (i) => ({
    params: { id: i.customer },
    body: { certificateId: i.certificateId },
  }),
  'GET /v1/admin/customers/{id}/insurance': (i) => ({ params: { id: i.customer } }),
  'POST /v1/admin/customers/{id}/insurance/check': (i) => ({ params: { id: i.customer } }),
  'POST /v1/admin/customers/{id}/insurance/provision': (i) => ({ params: { id: i.customer } }),
  'POST /v1/admin/customers/{id}/insurance/rotate': (i) => ({
    params: { id: i.customer },
    body: { certificateId: i.certificateId },
  }),
  'POST /v1/admin/customers/{id}/insurance/recover': (i) => ({ params: { id: i.customer } }),
  'GET /v1/me/insurance': () => ({}),
  'PUT /v1/admin/read-only': () => ({ body: { enabled: false, reason: 'probe' } }),
  'GET /v1/admin/status': () => ({ query: { limit: '5' } }),
  'POST /v1/marketplace/publish': () => ({ body: { segment: 'probe', visibility: 'private', pricingVersion: 1 } }),
  'GET /v1/marketplace/listings': () => ({ query: { limit: '5' } }),
  'GET /v1/marketplace/catalog': () => ({ query: { limit: '5' } }),
  'POST /v1/customer/deploy': (i) => ({
    body: {
      contractReference: i.contractReference,
      target: 'record',
      capacityUnits: 1,
      artifact: 'probe:1',
      parameters: { REGION: 'eu', REPLICAS: 2, DRY: false },
    },
  }),
  'GET /v1/deployments': () => ({ query: { limit: '5' } }),
  'GET /v1/deployments/{id}': (i) => ({ params: { id: i.deploymentId } }),
  'DELETE /v1/deployments/{id}': (i) => ({ params: { id: i.deploymentId } }),
  'POST /v1/admin/deployments/{id}/resolve': (i) => ({
    params: { id: i.deploymentId },
    body: { outcome: 'rolled_back', note: 'probe' },
  }),
  'GET /v1/me/usage': () => ({ query: { from: '2026-01-01', to: '2026-02-01' } }),
  'GET /v1/admin/customers/{id}/usage': (i) => ({ params: { id: i.customer }, query: { from: '2026-01-01' } }),
  'GET /v1/admin/customers/{id}/fulfillment': (i) => ({ params: { id: i.customer }, query: { format: 'html' } }),
};

const sentBody = (req: HostileRequest): Record<string, unknown> | undefined => {
  try {
    // Read back through JSON as the server does: -0 is the number 0 (RFC 8785 writes it so), 1e-400 is 0.
    const v: unknown = req.body === undefined ? undefined : JSON.parse(JSON.stringify(JSON.parse(req.body)));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

const differ = (label: string, sent: unknown, stored: unknown): string | null =>
  isDeepStrictEqual(sent, stored) ? null : `${label}: sent ${JSON.stringify(sent)}, stored ${JSON.stringify(stored)}`;

describeInsured('hostile input against every operation', (rig) => {
  let operations: Operation[] = [];
  let ids: Ids;
  let token = '';
  let client: ReturnType<typeof hostileClient> | undefined;
  const http = () => {
    if (!client) throw new Error('no client (beforeAll failed?)');
    return client;
  };
  const tally: CampaignTally = { sent: 0, fiveXx: 0, withoutCode: 0, differs: 0, findings: [] };

  const headersFor = (op: Operation): Record<string, string> =>
    op.scope === 'public' ? {} : { authorization: `Bearer ${op.scope === 'admin' ? ADMIN_TOKEN : token}` };
  const get = async (path: string, auth = ADMIN_TOKEN) =>
    (await http().send('GET', path, { authorization: `Bearer ${auth}` })).json as Record<string, unknown>;

  /** What a 2xx write stored, read back through the API and compared with what was sent and acknowledged. */
  const readBack = async (req: HostileRequest, answer: Answer): Promise<string | null> => {
    const sent = sentBody(req);
    const ack = answer.json as Record<string, unknown>;
    if (sent === undefined || ack === undefined) return null;
    switch (req.op.key) {
      case 'POST /v1/admin/customers': {
        const stored = await get(`/v1/admin/customers/${String(ack['id'])}`);
        return (
          differ('customer', ack, stored) ??
          // Names are stored trimmed, and emails trimmed and lower-cased; the acknowledgement shows both.
          differ('name', typeof sent['name'] === 'string' ? sent['name'].trim() : sent['name'], stored['name']) ??
          differ('contactEmail', String(sent['contactEmail']).trim().toLowerCase(), stored['contactEmail'])
        );
      }
      case 'PUT /v1/admin/customers/{id}/contract': {
        const stored = await get(`/v1/admin/customers/${ids.customer}/contract`);
        const { signature: _s, ...document } = sent;
        return differ('contract', ack, stored) ?? differ('document', document, stored['document']);
      }
      case 'PUT /v1/admin/customers/{id}/pricing': {
        const versions = (await get(`/v1/admin/customers/${ids.customer}/pricing`))['versions'] as {
          version: number;
          document: unknown;
        }[];
        return differ('pricing', sent, versions.find((v) => v.version === ack['version'])?.document);
      }
      case 'POST /v1/customer/deploy': {
        const stored = await get(`/v1/deployments/${String(ack['deploymentId'])}`, token);
        const { capacityUnits, artifact, target, contractReference } = stored;
        return differ(
          'deployment',
          { ...sent, parameters: sent['parameters'] ?? {} },
          {
            contractReference,
            target,
            capacityUnits,
            artifact,
            parameters: stored['parameters'],
          },
        );
      }
      case 'PUT /v1/admin/customers/{id}/mode': {
        const stored = await get(`/v1/admin/customers/${ids.customer}`);
        return differ('mode', (ack['customer'] as Record<string, unknown>)['mode'], stored['mode']);
      }
      case 'PUT /v1/admin/read-only': {
        // While read-only, every JSON answer also carries the banner member.
        const { banner: _banner, ...answered } = ack;
        return differ('read-only', sent, answered);
      }
      default:
        return null;
    }
  };

  // A read-back that sees only the latest write (contract, mode) is exact only when those writes run one at a time.
  const SERIAL = new Set(['PUT /v1/admin/customers/{id}/contract', 'PUT /v1/admin/customers/{id}/mode']);
  const runAll = async (requests: readonly HostileRequest[]) => {
    await runRequests(
      http(),
      requests.filter((r) => !SERIAL.has(r.op.key)),
      tally,
      readBack,
    );
    await runRequests(
      http(),
      requests.filter((r) => SERIAL.has(r.op.key)),
      tally,
      readBack,
      1,
    );
  };

  beforeAll(async () => {
    client = hostileClient(rig().svc.url);
    const doc = (await rig().svc.call('GET', '/openapi.json', { token: null })).body;
    operations = operationsOf(doc);
    const owner = await insuredCustomer(rig(), 'Hostile');
    const all = await rig().svc.admin('POST', `/v1/admin/customers/${owner.id}/api-keys`, { scopes: [...SCOPES] });
    token = all.body.secret;
    const reference = (await rig().svc.admin('GET', `/v1/admin/customers/${owner.id}/contract`)).body.document
      .reference;
    const example = EXAMPLES['PUT /v1/admin/customers/{id}/contract'];
    const pricing = EXAMPLES['PUT /v1/admin/customers/{id}/pricing'];
    if (!example || !pricing) throw new Error('examples missing');
    const seedIds = { customer: owner.id, contractReference: reference } as Ids;
    expect(
      (await rig().svc.admin('PUT', `/v1/admin/customers/${owner.id}/contract`, example(seedIds).body)).status,
    ).toBe(200);
    expect(
      (await rig().svc.admin('PUT', `/v1/admin/customers/${owner.id}/pricing`, pricing(seedIds).body)).status,
    ).toBe(201);
    const deployed = await rig().svc.call('POST', '/v1/customer/deploy', {
      token,
      body: { contractReference: reference, target: 'record', capacityUnits: 1, artifact: 'owner:1' },
    });
    expect(deployed.status).toBe(201);
    const spare = await rig().svc.admin('POST', `/v1/admin/customers/${owner.id}/api-keys`, {
      scopes: ['receipts:read'],
    });
    ids = {
      customer: owner.id,
      spareKeyId: spare.body.id,
      receiptId: deployed.body.receipt.body.id,
      deploymentId: deployed.body.deploymentId,
      certificateId: owner.certificateId,
      contractReference: reference,
    };
  });

  afterAll(async () => {
    await client?.close();
    const f = tally.findings;
    const report = { sent: tally.sent, fiveXx: tally.fiveXx, withoutCode: tally.withoutCode, differs: tally.differs };
    if (process.env['HOSTILE_REPORT']) console.log(JSON.stringify({ report, findings: f.slice(0, 400) }, null, 1));
  });

  it('has an example request for every documented operation', () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.filter((op) => EXAMPLES[op.key] === undefined).map((op) => op.key)).toEqual([]);
  });

  it('answers every table-driven malformed value with a 4xx and the catalog body, and stores what it acknowledges', async () => {
    const requests = operations.flatMap((op) => tableRequests(op, EXAMPLES[op.key]?.(ids) ?? {}, headersFor));
    const before = tally.findings.length;
    await runAll(requests);
    expect(tally.findings.slice(before)).toEqual([]);
  });

  it('answers seeded generated requests the same way', async () => {
    const requests = operations.flatMap((op, i) =>
      generatedRequests(op, EXAMPLES[op.key]?.(ids) ?? {}, headersFor, SEED + i, GENERATED_PER_OPERATION),
    );
    const before = tally.findings.length;
    await runAll(requests);
    expect(tally.findings.slice(before)).toEqual([]);
  });
});
