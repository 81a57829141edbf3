/**
 * Every operation in /openapi.json, table-driven: what its `x-tai-scope` documents is what it enforces.
 * Without credentials, with a malformed bearer, with a revoked key, with the wrong scope, with the admin
 * token on a customer route and a customer key on an admin route, and another tenant's ids. An operation
 * with no example request here fails the suite, so a new route is covered by writing one line.
 */
import { beforeAll, expect, it } from 'vitest';
import { SCOPE_IMPLIES, SCOPES, type Scope } from '../../src/domain/customer/types.ts';
import { describeInsured, insuredCustomer } from '../support/insured.ts';
import { ADMIN_TOKEN } from '../support/service.ts';
import { termsDoc } from '../support/revenue.ts';

interface Ids {
  readonly customer: string;
  readonly keyId: string;
  readonly spareKeyId: string;
  readonly receiptId: string;
  readonly deploymentId: string;
  readonly certificateId: string;
  readonly contractReference: string;
  readonly webhookId: string;
}

interface Example {
  readonly path: string;
  readonly body?: unknown;
}

/** One harmless, well-formed request per operation, so a refusal can only come from authorization. */
const EXAMPLES: Readonly<Record<string, (ids: Ids) => Example>> = {
  'GET /health': () => ({ path: '/health' }),
  'POST /v1/admin/customers': () => ({
    path: '/v1/admin/customers',
    body: { name: 'Route Probe', contactEmail: 'probe@example.com', mode: 'eval' },
  }),
  'GET /v1/admin/customers': () => ({ path: '/v1/admin/customers?limit=5' }),
  'GET /v1/admin/customers/{id}': (i) => ({ path: `/v1/admin/customers/${i.customer}` }),
  'PUT /v1/admin/customers/{id}/mode': (i) => ({
    path: `/v1/admin/customers/${i.customer}/mode`,
    body: { mode: 'prod', reason: 'route probe' },
  }),
  'POST /v1/admin/customers/{id}/api-keys': (i) => ({
    path: `/v1/admin/customers/${i.customer}/api-keys`,
    body: { scopes: ['receipts:read'] },
  }),
  'GET /v1/admin/customers/{id}/api-keys': (i) => ({ path: `/v1/admin/customers/${i.customer}/api-keys` }),
  'DELETE /v1/admin/customers/{id}/api-keys/{keyId}': (i) => ({
    path: `/v1/admin/customers/${i.customer}/api-keys/${i.spareKeyId}`,
  }),
  'PUT /v1/admin/customers/{id}/contract': (i) => ({
    path: `/v1/admin/customers/${i.customer}/contract`,
    body: {
      reference: i.contractReference,
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
      currency: 'USD',
      monthlyFee: '10.00',
      features: ['publish', 'deploy'],
      limits: { maxActiveDeployments: 5, capacityUnits: 100 },
      cancellationTerms: '30 days',
      signature: { signedBy: 'Probe', signedAt: '2026-01-01T00:00:00Z' },
    },
  }),
  'GET /v1/admin/customers/{id}/contract': (i) => ({ path: `/v1/admin/customers/${i.customer}/contract` }),
  'PUT /v1/admin/customers/{id}/pricing': (i) => ({
    path: `/v1/admin/customers/${i.customer}/pricing`,
    body: { currency: 'USD', effectiveFrom: '2026-01-01', skus: [{ sku: 'platform', model: 'flat', amount: '1.00' }] },
  }),
  'GET /v1/admin/customers/{id}/pricing': (i) => ({ path: `/v1/admin/customers/${i.customer}/pricing` }),
  'GET /v1/admin/audit': () => ({ path: '/v1/admin/audit?limit=5' }),
  'GET /v1/admin/notifications': () => ({ path: '/v1/admin/notifications?limit=5&status=dead' }),
  'POST /v1/admin/notifications/{id}/redeliver': () => ({ path: '/v1/admin/notifications/ntf_probe.slack/redeliver' }),
  'GET /v1/admin/notification-templates/{type}/{channel}': () => ({
    path: '/v1/admin/notification-templates/certificate.revoked/slack',
  }),
  'PUT /v1/admin/notification-templates/{type}/{channel}': () => ({
    path: '/v1/admin/notification-templates/certificate.revoked/slack',
    body: { template: { title: 'Revoked: {{customer.name}}', text: 'Certificate revoked ({{facts.reason}}).' } },
  }),
  'POST /v1/admin/notification-templates/{type}/{channel}/preview': () => ({
    path: '/v1/admin/notification-templates/certificate.revoked/slack/preview',
    body: {},
  }),
  'POST /v1/admin/receipt-keys/rotate': () => ({ path: '/v1/admin/receipt-keys/rotate' }),
  // A key id that names no key: the authorized call answers 404, and no real key is marked compromised.
  'POST /v1/admin/receipt-keys/{kid}/revoke': () => ({
    path: '/v1/admin/receipt-keys/ed25519-AAAAAAAAAAA/revoke',
    body: { compromisedAt: '2026-01-15T09:30:00.000Z' },
  }),
  'PUT /v1/admin/customers/{id}/revenue-terms': (i) => ({
    path: `/v1/admin/customers/${i.customer}/revenue-terms`,
    body: termsDoc({ contractReference: 'MSA-PROBE' }),
  }),
  'GET /v1/admin/customers/{id}/revenue-terms': (i) => ({ path: `/v1/admin/customers/${i.customer}/revenue-terms` }),
  'GET /v1/admin/customers/{id}/revenue': (i) => ({ path: `/v1/admin/customers/${i.customer}/revenue` }),
  'POST /v1/admin/revenue/preview': () => ({
    path: '/v1/admin/revenue/preview',
    body: { amount: '120.00', currency: 'USD', start: '2026-01-01', end: '2026-04-01', method: 'daily' },
  }),
  'POST /v1/admin/revenue/close': () => ({ path: '/v1/admin/revenue/close', body: { day: '2026-01-01' } }),
  'GET /v1/admin/revenue/report': () => ({ path: '/v1/admin/revenue/report?from=2026-01&to=2026-03' }),
  'GET /v1/admin/revenue/closed-through': () => ({ path: '/v1/admin/revenue/closed-through' }),
  'PUT /v1/admin/revenue/closed-through': () => ({
    path: '/v1/admin/revenue/closed-through',
    body: { period: '2025-12' },
  }),
  'GET /v1/me': () => ({ path: '/v1/me' }),
  'GET /v1/me/contract': () => ({ path: '/v1/me/contract' }),
  'GET /v1/me/pricing': () => ({ path: '/v1/me/pricing' }),
  'POST /v1/me/webhooks': () => ({
    path: '/v1/me/webhooks',
    body: { url: 'https://hooks.probe.example/tai', events: ['certificate.revoked'] },
  }),
  'GET /v1/me/webhooks': () => ({ path: '/v1/me/webhooks' }),
  'DELETE /v1/me/webhooks/{id}': (i) => ({ path: `/v1/me/webhooks/${i.webhookId}` }),
  'POST /v1/me/webhooks/{id}/rotate': (i) => ({ path: `/v1/me/webhooks/${i.webhookId}/rotate` }),
  'GET /.well-known/tai-receipt-keys.json': () => ({ path: '/.well-known/tai-receipt-keys.json' }),
  'GET /v1/receipts': () => ({ path: '/v1/receipts?limit=5' }),
  'GET /v1/receipts/{id}': (i) => ({ path: `/v1/receipts/${i.receiptId}` }),
  'GET /v1/ledger/checkpoint': () => ({ path: '/v1/ledger/checkpoint' }),
  'GET /v1/ledger/consistency': () => ({ path: '/v1/ledger/consistency?from=1' }),
  'GET /v1/ledger/export': () => ({ path: '/v1/ledger/export' }),
  'POST /v1/pricing/calculate': () => ({
    path: '/v1/pricing/calculate',
    body: { items: [{ sku: 'platform', quantity: '1' }] },
  }),
  'PUT /v1/admin/customers/{id}/insurance': (i) => ({
    path: `/v1/admin/customers/${i.customer}/insurance`,
    body: { certificateId: i.certificateId },
  }),
  'GET /v1/admin/customers/{id}/insurance': (i) => ({ path: `/v1/admin/customers/${i.customer}/insurance` }),
  'POST /v1/admin/customers/{id}/insurance/check': (i) => ({
    path: `/v1/admin/customers/${i.customer}/insurance/check`,
  }),
  'POST /v1/admin/customers/{id}/insurance/provision': (i) => ({
    path: `/v1/admin/customers/${i.customer}/insurance/provision`,
  }),
  'POST /v1/admin/customers/{id}/insurance/rotate': (i) => ({
    path: `/v1/admin/customers/${i.customer}/insurance/rotate`,
    body: { certificateId: i.certificateId },
  }),
  'POST /v1/admin/customers/{id}/insurance/recover': (i) => ({
    path: `/v1/admin/customers/${i.customer}/insurance/recover`,
  }),
  'GET /v1/me/insurance': () => ({ path: '/v1/me/insurance' }),
  'PUT /v1/admin/read-only': () => ({ path: '/v1/admin/read-only', body: { enabled: false, reason: 'route probe' } }),
  'GET /v1/admin/status': () => ({ path: '/v1/admin/status?limit=5' }),
  'POST /v1/marketplace/publish': () => ({
    path: '/v1/marketplace/publish',
    body: { segment: 'probe', visibility: 'private' },
  }),
  'GET /v1/marketplace/listings': () => ({ path: '/v1/marketplace/listings' }),
  'GET /v1/marketplace/catalog': () => ({ path: '/v1/marketplace/catalog' }),
  'POST /v1/customer/deploy': (i) => ({
    path: '/v1/customer/deploy',
    body: { contractReference: i.contractReference, target: 'record', capacityUnits: 1, artifact: 'probe:1' },
  }),
  'GET /v1/deployments': () => ({ path: '/v1/deployments' }),
  'GET /v1/deployments/{id}': (i) => ({ path: `/v1/deployments/${i.deploymentId}` }),
  'DELETE /v1/deployments/{id}': (i) => ({ path: `/v1/deployments/${i.deploymentId}` }),
  // A deployment that already ended: the authorized call answers 409, and nothing changes.
  'POST /v1/admin/deployments/{id}/resolve': (i) => ({
    path: `/v1/admin/deployments/${i.deploymentId}/resolve`,
    body: { outcome: 'rolled_back', note: 'route probe' },
  }),
  'GET /v1/me/usage': () => ({ path: '/v1/me/usage?from=2026-01-01&to=2026-02-01' }),
  'GET /v1/admin/customers/{id}/usage': (i) => ({ path: `/v1/admin/customers/${i.customer}/usage` }),
  'GET /v1/admin/customers/{id}/fulfillment': (i) => ({ path: `/v1/admin/customers/${i.customer}/fulfillment` }),
};

type Documented = Scope | 'admin' | 'public';
interface Operation {
  readonly key: string;
  readonly method: string;
  readonly scope: Documented;
}

/** Keys that hold every scope except those that grant `scope`. */
const scopesWithout = (scope: Scope): Scope[] =>
  SCOPES.filter((s) => s !== scope && !(SCOPE_IMPLIES[s]?.includes(scope) ?? false));

describeInsured('every operation enforces what OpenAPI documents', (rig) => {
  const operations: Operation[] = [];
  let ids: Ids;
  let other: { id: string; token: string };
  let owner: { id: string; token: string };
  let revokedToken: string;
  const wrongScope = new Map<Scope, string>();

  beforeAll(async () => {
    const doc = (await rig().svc.call('GET', '/openapi.json', { token: null })).body as {
      paths: Record<string, Record<string, { 'x-tai-scope'?: Documented; security?: unknown[] }>>;
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const scope = op['x-tai-scope'];
        if (scope === undefined) throw new Error(`${method.toUpperCase()} ${path} documents no x-tai-scope`);
        operations.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), scope });
      }
    }
    // Keys holding every scope, so each customer operation is within reach of its tenant's key.
    const everyScope = async <C extends { id: string }>(c: C): Promise<C & { token: string }> => {
      const k = await rig().svc.admin('POST', `/v1/admin/customers/${c.id}/api-keys`, { scopes: [...SCOPES] });
      return { ...c, token: k.body.secret as string };
    };
    const a = await everyScope(await insuredCustomer(rig(), 'Owner'));
    owner = a;
    other = await everyScope(await insuredCustomer(rig(), 'Other'));
    const hook = await rig().svc.call('POST', '/v1/me/webhooks', {
      token: a.token,
      body: { url: 'https://hooks.owner.example/tai', events: ['*'] },
    });
    expect(hook.status).toBe(201);
    const pricing = await rig().svc.admin('PUT', `/v1/admin/customers/${a.id}/pricing`, {
      currency: 'USD',
      effectiveFrom: '2026-01-01',
      skus: [{ sku: 'platform', model: 'flat', amount: '1.00' }],
    });
    expect(pricing.status).toBe(201);
    const contract = (await rig().svc.admin('GET', `/v1/admin/customers/${a.id}/contract`)).body.document.reference;
    const deployed = await rig().svc.call('POST', '/v1/customer/deploy', {
      token: a.token,
      body: { contractReference: contract, target: 'record', capacityUnits: 1, artifact: 'owner:1' },
    });
    expect(deployed.status).toBe(201);
    const spare = await rig().svc.admin('POST', `/v1/admin/customers/${a.id}/api-keys`, { scopes: ['receipts:read'] });
    const revoked = await rig().svc.admin('POST', `/v1/admin/customers/${a.id}/api-keys`, { scopes: [...SCOPES] });
    revokedToken = revoked.body.secret;
    await rig().svc.admin('DELETE', `/v1/admin/customers/${a.id}/api-keys/${revoked.body.id}`);
    for (const s of SCOPES) {
      const k = await rig().svc.admin('POST', `/v1/admin/customers/${a.id}/api-keys`, { scopes: scopesWithout(s) });
      wrongScope.set(s, k.body.secret);
    }
    ids = {
      customer: a.id,
      keyId: a.keyId,
      spareKeyId: spare.body.id,
      receiptId: deployed.body.receipt.body.id,
      deploymentId: deployed.body.deploymentId,
      certificateId: a.certificateId,
      contractReference: contract,
      webhookId: hook.body.id,
    };
  });

  const send = async (op: Operation, authorization: string | null) => {
    const example = EXAMPLES[op.key];
    if (example === undefined) throw new Error(`no example request for ${op.key}: add one to EXAMPLES`);
    const { path, body } = example(ids);
    const headers: Record<string, string> = authorization === null ? {} : { authorization };
    return rig().svc.call(op.method, path, { token: null, headers, ...(body === undefined ? {} : { body }) });
  };
  const codeOf = (r: { status: number; body: { error?: { code?: string } } }) => [r.status, r.body.error?.code];

  it('has an example request for every documented operation, and every operation documents its scope', () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.filter((op) => EXAMPLES[op.key] === undefined).map((op) => op.key)).toEqual([]);
  });

  it('refuses every protected operation without credentials or with a malformed bearer, before anything else', async () => {
    for (const op of operations.filter((o) => o.scope !== 'public')) {
      expect(codeOf(await send(op, null)), op.key).toEqual([401, 'TAI-AUTH-MISSING']);
      expect(codeOf(await send(op, 'Bearer not-a-key')), op.key).toEqual([401, 'TAI-AUTH-INVALID']);
      expect(codeOf(await send(op, `Basic ${Buffer.from('a:b').toString('base64')}`)), op.key).toEqual([
        401,
        'TAI-AUTH-MISSING',
      ]);
    }
  });

  it('keeps customer keys off admin operations', async () => {
    for (const op of operations.filter((o) => o.scope === 'admin')) {
      expect(codeOf(await send(op, `Bearer ${other.token}`)), op.key).toEqual([403, 'TAI-AUTH-FORBIDDEN']);
    }
  });

  it('refuses a revoked key, a key without the scope, and the admin token on customer operations', async () => {
    for (const op of operations) {
      if (op.scope === 'admin' || op.scope === 'public') continue;
      expect(codeOf(await send(op, `Bearer ${revokedToken}`)), op.key).toEqual([401, 'TAI-AUTH-REVOKED']);
      expect(codeOf(await send(op, `Bearer ${wrongScope.get(op.scope) ?? ''}`)), op.key).toEqual([
        403,
        'TAI-AUTH-SCOPE',
      ]);
      expect(codeOf(await send(op, `Bearer ${ADMIN_TOKEN}`)), op.key).toEqual([403, 'TAI-AUTH-FORBIDDEN']);
    }
  });

  it("never shows or changes one tenant's resources through another tenant's key", async () => {
    for (const op of operations.filter((o) => o.scope !== 'admin' && o.scope !== 'public' && o.key.includes('{id}'))) {
      const r = await send(op, `Bearer ${other.token}`);
      expect(r.status, op.key).toBe(404);
      expect(JSON.stringify(r.body), op.key).not.toContain(owner.id);
    }
  });

  it('answers public operations without credentials, and the right credentials pass authorization', async () => {
    for (const op of operations) {
      const auth =
        op.scope === 'public' ? null : op.scope === 'admin' ? `Bearer ${ADMIN_TOKEN}` : `Bearer ${owner.token}`;
      const r = await send(op, auth);
      expect([401, 403], `${op.key}: ${JSON.stringify(r.body)}`).not.toContain(r.status);
      expect(r.status, `${op.key}: ${JSON.stringify(r.body)}`).toBeLessThan(500);
    }
  });
});
