/**
 * GET /metrics over real HTTP with the simulator, on both stores: the Prometheus text format, every
 * catalog metric, the scrape-time gauges following the certificates (a revocation shows at the next
 * scrape), the request counters and histogram, process defaults, and no customer id or name anywhere.
 */
import { expect, it } from 'vitest';
import { METRICS } from '../../src/domain/metrics/catalog.ts';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';
import { describeInsured, insuredCustomer } from '../support/insured.ts';
import { sample } from '../support/scrape.ts';
import type { TestService } from '../support/service.ts';

const scrape = async (svc: TestService): Promise<string> => {
  const res = await svc.call('GET', '/metrics', { token: null });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body as string;
};

describeInsured('GET /metrics', (rig) => {
  it('reports certificates by state and mode, expiry, publish outcomes and request latency, with no customer ids', async () => {
    const long = await insuredCustomer(rig(), 'LongCover', 365);
    const soon = await insuredCustomer(rig(), 'SoonExpiring', 5);
    await rig().svc.admin('PUT', `/v1/admin/customers/${long.id}/pricing`, issueExampleConfig);
    const published = await rig().svc.call('POST', '/v1/marketplace/publish', {
      token: long.token,
      body: { segment: 'smb', visibility: 'public' },
    });
    expect(published.status).toBe(201);

    // The service runs in this process: its CPU counters read the process's CPU since it started.
    const cpuBefore = process.cpuUsage();
    const text = await scrape(rig().svc);
    expect(sample(text, 'tai_insurance_certificates', { state: 'active', mode: 'prod' })).toBe(1);
    expect(sample(text, 'tai_insurance_certificates', { state: 'expiring', mode: 'prod' })).toBe(1);
    expect(sample(text, 'tai_insurance_certificates', { state: 'revoked', mode: 'prod' })).toBe(0);
    expect(sample(text, 'tai_insurance_certs_expiring', { within: '1d' })).toBe(0);
    expect(sample(text, 'tai_insurance_certs_expiring', { within: '7d' })).toBe(1);
    expect(sample(text, 'tai_insurance_certs_expiring', { within: '30d' })).toBe(1);
    expect(sample(text, 'tai_insurance_cert_expiry_min_days')).toBeCloseTo(5, 3);
    expect(sample(text, 'tai_system_mode')).toBe(1);
    expect(sample(text, 'tai_customers_read_only')).toBe(0);
    expect(sample(text, 'tai_publish_requests_total', { outcome: 'success' })).toBe(1);
    expect(sample(text, 'tai_receipts_appended_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'tai_insurance_cert_checks_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    const route = { method: 'POST', route: '/v1/marketplace/publish', status_class: '2xx' };
    expect(sample(text, 'tai_http_request_duration_seconds_count', route)).toBe(1);
    expect(sample(text, 'tai_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(1);
    expect(sample(text, 'tai_outbox_pending')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'tai_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'tai_insurer_breaker_open')).toBe(0);
    expect(sample(text, 'tai_insurer_budget_remaining')).toBeGreaterThan(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(cpuBefore.user / 1e6 - 1e-6);
    expect(sample(text, 'process_cpu_system_seconds_total')).toBeGreaterThanOrEqual(cpuBefore.system / 1e6 - 1e-6);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThanOrEqual(
      (cpuBefore.user + cpuBefore.system) / 1e6 - 1e-6,
    );
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    // Nothing to report is absent, not 0: no backups configured, no witnesses.
    expect(text).not.toContain('tai_backup_last_success_timestamp_seconds');
    expect(text).not.toContain('tai_witness_cosign_lag_seconds');
    for (const who of [long.id, soon.id, 'LongCover', 'SoonExpiring', long.certificateId, 'example.com'])
      expect(text).not.toContain(who);
  });

  it('shows a revocation at the next scrape: the prod customer read-only, its certificate revoked', async () => {
    const c = await insuredCustomer(rig(), 'RevokedLater');
    await rig().scenario('revoked', c.certificateId);
    await rig().svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
    const text = await scrape(rig().svc);
    expect(sample(text, 'tai_insurance_certificates', { state: 'revoked', mode: 'prod' })).toBe(1);
    expect(sample(text, 'tai_customers_read_only')).toBe(1);
  });

  it('declares every catalog metric with its help text and type', async () => {
    const text = await scrape(rig().svc);
    const absentWhenIdle = new Set(['tai_backup_last_success_timestamp_seconds', 'tai_witness_cosign_lag_seconds']);
    for (const [name, spec] of Object.entries(METRICS)) {
      if (absentWhenIdle.has(name)) continue;
      expect(text, name).toContain(`# TYPE ${name} ${spec.kind}`);
    }
  });
});
