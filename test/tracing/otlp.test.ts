/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, spans leave over OTLP/HTTP: a local receiver answering as an
 * OpenTelemetry Collector does (POST /v1/traces, JSON ExportTraceServiceRequest in, 200 with an
 * ExportTraceServiceResponse out) gets the request's server span with the service's resource, and a
 * publish's whole tree (server span > publish > store.transaction > receipt.append) as exported.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';
import { insuredCustomer, startInsuredRig } from '../support/insured.ts';
import { startTestService } from '../support/service.ts';
import { scratchDir } from '../support/executor.ts';

interface OtlpSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

interface Received {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: {
    resourceSpans: {
      resource: { attributes: { key: string; value: { stringValue?: string } }[] };
      scopeSpans: { spans: OtlpSpan[] }[];
    }[];
  };
}

const received: Received[] = [];
const receiver = createServer((req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/v1/traces') {
      res.writeHead(404).end();
      return;
    }
    received.push({
      path: req.url,
      contentType: req.headers['content-type'],
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'],
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ partialSuccess: {} }));
  });
});
const saved = { ...process.env };
const dir = scratchDir();

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = `http://127.0.0.1:${port}`;
  process.env['OTEL_SERVICE_NAME'] = 'tai-otlp-test';
});
afterAll(async () => {
  process.env = saved;
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  dir.remove();
});

it('exports the server span of a request to the OTLP/HTTP endpoint, flushed at shutdown', async () => {
  const svc = await startTestService(await openSqliteStore(`${dir.path}/tai.db`));
  const res = await svc.call('GET', '/health', { token: null });
  expect(res.status).toBe(200);
  await svc.close();
  const posts = received.filter((r) => r.path === '/v1/traces');
  expect(posts.length).toBeGreaterThan(0);
  expect(posts[0]?.contentType).toMatch(/^application\/json/);
  const resources = posts.flatMap((p) => p.body.resourceSpans);
  const names = resources.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((sp) => sp.name)));
  expect(names).toContain('GET /health');
  const attrs = resources[0]?.resource.attributes ?? [];
  expect(attrs.find((a) => a.key === 'service.name')?.value.stringValue).toBe('tai-otlp-test');
  const span = resources.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).find((s) => s.name === 'GET /health');
  expect(span?.kind).toBe(2); // SPAN_KIND_SERVER in the OTLP enum
  expect(span?.traceId).toMatch(/^[0-9a-f]{32}$/);
});

it('exports a publish as its tree: publish under the server span, the transaction under it, the append under that', async () => {
  received.length = 0;
  const rig = await startInsuredRig(await openSqliteStore(`${dir.path}/tree.db`));
  let listingId: unknown;
  try {
    const c = await insuredCustomer(rig, 'ExportedTree');
    await rig.svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
    const res = await rig.svc.call('POST', '/v1/marketplace/publish', {
      token: c.token,
      body: { segment: 'smb', visibility: 'public' },
    });
    expect(res.status).toBe(201);
    listingId = res.body.listingId;
  } finally {
    await rig.close();
  }
  expect(listingId).toEqual(expect.any(String));
  const all = received.flatMap((p) => p.body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
  const servers = all.filter((s) => s.name === 'POST /v1/marketplace/publish');
  expect(servers).toHaveLength(1);
  const server = servers[0] as OtlpSpan;
  expect(server.parentSpanId ?? '').toBe('');
  // The publish's trace, and nothing of the set-up requests' traces.
  const spans = all.filter((s) => s.traceId === server.traceId);
  const only = (name: string): OtlpSpan => {
    const found = spans.filter((s) => s.name === name);
    expect(found.map((s) => s.name)).toEqual([name]);
    return found[0] as OtlpSpan;
  };
  const publish = only('publish');
  expect(publish.parentSpanId).toBe(server.spanId);
  const append = only('receipt.append');
  const tx = spans.find((s) => s.spanId === append.parentSpanId);
  expect(tx?.name).toBe('store.transaction');
  expect(tx?.parentSpanId).toBe(publish.spanId);
  expect(all.filter((s) => s.name === 'publish')).toHaveLength(1);
});
