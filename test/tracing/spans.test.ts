/**
 * Traces of real requests, captured with the SDK's in-memory exporter, on both stores: one server span
 * per request named `{method} {route}`, the verbs' child spans under it (publish > store.transaction >
 * receipt.append; certificate.check > insurer.verify), the publish events, the attributes (a pseudonym,
 * never a name or email), and trace_id/span_id on every log line written inside the request.
 */
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind } from '@opentelemetry/api';
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { pseudonymize } from '../../src/domain/receipts/audit-chain.ts';
import { issueExampleConfig, typicalRequest } from '../fixtures/pricing/issue-example.ts';
import { insuredCustomer, startInsuredRig } from '../support/insured.ts';
import { describePerStore } from '../support/stores.ts';

// One per service: shutting a service down shuts its exporter down too.
let exporter = new InMemorySpanExporter();
const lines: Record<string, unknown>[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const l of chunk.toString('utf8').split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l));
    done();
  },
});

const named = (name: string): ReadableSpan[] => exporter.getFinishedSpans().filter((s) => s.name === name);
const one = (name: string): ReadableSpan => {
  const found = named(name);
  expect(found.map((s) => s.name)).toEqual([name]);
  return found[0] as ReadableSpan;
};
const parentOf = (s: ReadableSpan): string | undefined => s.parentSpanContext?.spanId;

describePerStore(
  'traces',
  (store) => {
    exporter = new InMemorySpanExporter();
    return startInsuredRig(
      store,
      { TAI_LOG_LEVEL: 'info' },
      { spanProcessor: new SimpleSpanProcessor(exporter), logStream },
    );
  },
  (rig) => {
    it('a publish: the server span, publish under it with its events, the transaction and receipt under that', async () => {
      const c = await insuredCustomer(rig(), 'TracedSellerLtd');
      await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
      exporter.reset();
      lines.length = 0;
      const res = await rig().svc.call('POST', '/v1/marketplace/publish', {
        token: c.token,
        body: { segment: 'smb', visibility: 'public' },
      });
      expect(res.status).toBe(201);

      const server = one('POST /v1/marketplace/publish');
      expect(server.kind).toBe(SpanKind.SERVER);
      expect(parentOf(server)).toBeUndefined();
      expect(server.attributes).toMatchObject({
        'http.route': '/v1/marketplace/publish',
        'http.response.status_code': 201,
      });
      const publish = one('publish');
      expect(parentOf(publish)).toBe(server.spanContext().spanId);
      expect(publish.spanContext().traceId).toBe(server.spanContext().traceId);
      expect(publish.events.map((e) => e.name)).toEqual(['publish.started', 'publish.complete']);
      expect(publish.attributes).toEqual({
        'tai.customer.pseudonym': pseudonymize(c.id, rig().svc.service.ctx.auditSecret),
        'tai.mode': 'prod',
        'tai.authority': 'contractual',
        'tai.certificate.id': c.certificateId,
        'tai.listing.id': res.body.listingId,
        'tai.receipt.id': res.body.receipt.body.id,
      });
      const txs = named('store.transaction').filter((s) => parentOf(s) === publish.spanContext().spanId);
      expect(txs.length).toBeGreaterThanOrEqual(1);
      const append = one('receipt.append');
      expect(txs.map((s) => s.spanContext().spanId)).toContain(parentOf(append));
      expect(append.attributes['tai.receipt.id']).toBe(res.body.receipt.body.id);

      const everything = JSON.stringify(exporter.getFinishedSpans().map((s) => [s.attributes, s.events]));
      for (const secret of ['TracedSellerLtd', 'example.com', c.id, c.token]) expect(everything).not.toContain(secret);

      // Every line written inside the request names its trace; the request's own lines name the server span.
      const traced = lines.filter((l) => l['trace_id'] === server.spanContext().traceId);
      expect(traced.some((l) => l['msg'] === 'request completed' && l['span_id'] === server.spanContext().spanId)).toBe(
        true,
      );
      const requestId = res.headers.get('x-request-id');
      const ofRequest = lines.filter((l) => l['reqId'] === requestId && l['msg'] !== 'incoming request');
      expect(ofRequest.length).toBeGreaterThan(0);
      for (const l of ofRequest) expect(l['trace_id'], JSON.stringify(l)).toBe(server.spanContext().traceId);
    });

    it('a certificate check: certificate.check under the server span, insurer.verify under it; quote and deploy spans', async () => {
      const c = await insuredCustomer(rig(), 'Checked');
      exporter.reset();
      lines.length = 0;
      const checked = await rig().svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
      expect(checked.status).toBe(200);
      const server = one('POST /v1/admin/customers/:id/insurance/check');
      const check = one('certificate.check');
      expect(parentOf(check)).toBe(server.spanContext().spanId);
      expect(check.attributes['tai.certificate.id']).toBe(c.certificateId);
      const verify = one('insurer.verify');
      expect(parentOf(verify)).toBe(check.spanContext().spanId);
      // The insurer client logs with a logger of its own: its line for the call names the call's span.
      const calls = lines.filter((l) => l['event'] === 'insurer_call' && l['subject'] === c.certificateId);
      expect(calls.length).toBeGreaterThan(0);
      for (const l of calls) {
        expect(l['trace_id'], JSON.stringify(l)).toBe(server.spanContext().traceId);
        expect(l['span_id'], JSON.stringify(l)).toBe(verify.spanContext().spanId);
      }

      await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
      exporter.reset();
      const quoted = await rig().svc.call('POST', '/v1/pricing/calculate', { token: c.token, body: typicalRequest });
      expect(quoted.status).toBe(200);
      const quote = one('quote');
      expect(parentOf(quote)).toBe(one('POST /v1/pricing/calculate').spanContext().spanId);
      expect(quote.attributes['tai.customer.pseudonym']).toBe(pseudonymize(c.id, rig().svc.service.ctx.auditSecret));

      exporter.reset();
      const deployed = await rig().svc.call('POST', '/v1/customer/deploy', {
        token: c.token,
        body: {
          contractReference: 'MSA-2026-001',
          target: 'record',
          capacityUnits: 1,
          artifact: 'registry.example/app:1.0',
        },
      });
      expect(deployed.status).toBe(201);
      const deploy = one('deploy');
      expect(parentOf(deploy)).toBe(one('POST /v1/customer/deploy').spanContext().spanId);
      expect(deploy.attributes).toMatchObject({
        'tai.deployment.id': deployed.body.deploymentId,
        'tai.receipt.id': deployed.body.receipt.body.id,
        'tai.mode': 'prod',
        'tai.authority': 'contractual',
      });
    });

    it("a request carrying its own x-request-id: the request's lines still name its trace", async () => {
      const c = await insuredCustomer(rig(), 'OwnRequestId');
      await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
      exporter.reset();
      lines.length = 0;
      const res = await rig().svc.call('POST', '/v1/pricing/calculate', {
        token: c.token,
        body: typicalRequest,
        headers: { 'x-request-id': 'client-req-42' },
      });
      expect(res.status).toBe(200);
      const server = one('POST /v1/pricing/calculate');
      const ofRequest = lines.filter((l) => l['clientRequestId'] === 'client-req-42');
      expect(ofRequest.map((l) => l['msg'])).toContain('request completed');
      for (const l of ofRequest) {
        expect(l['trace_id'], JSON.stringify(l)).toBe(server.spanContext().traceId);
        expect(l['span_id'], JSON.stringify(l)).toBe(server.spanContext().spanId);
      }
    });
  },
);
