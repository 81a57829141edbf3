/** Certificate lifecycle over real HTTP with the simulator, on both stores. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { runVerify } from '../../src/edges/cli/verify/run-verify.ts';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';
import { DAY, insuredCustomer, describeInsured } from '../support/insured.ts';

/** `tai verify` in process on a bundle's text, as a customer runs it on the file it saved. */
const verifyText = async (text: string): Promise<{ code: number; out: string; err: string }> => {
  const dir = mkdtempSync(join(tmpdir(), 'tai-insurance-verify-'));
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]): PassThrough => new PassThrough().on('data', (d: Buffer) => into.push(d.toString()));
  try {
    const path = join(dir, 'bundle.json');
    writeFileSync(path, text);
    const code = await runVerify([path], { stdout: sink(chunks.out), stderr: sink(chunks.err) }, { workers: 1 });
    await new Promise((r) => setImmediate(r));
    return { code, out: chunks.out.join(''), err: chunks.err.join('') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describeInsured('insurance lifecycle', (rig) => {
  it('links and verifies a certificate, and shows it to operator and customer', async () => {
    const c = await insuredCustomer(rig(), 'Linked');
    const admin = await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/insurance`);
    expect(admin.body).toMatchObject({
      state: 'active',
      writable: true,
      degraded: false,
      certificate: { certificateId: c.certificateId },
    });
    expect(admin.body.nextCheckAt).not.toBeNull();
    const mine = await rig().svc.call('GET', '/v1/me/insurance', { token: c.token });
    expect(mine.body.certificate.certificateId).toBe(c.certificateId);
    const receipts = await rig().svc.call('GET', '/v1/receipts?kind=certificate_event', { token: c.token });
    expect(receipts.body.items.length).toBeGreaterThan(0);
    expect(receipts.headers.get('tai-read-only')).toBeNull();
  });

  it('degrades a customer whose certificate is revoked, keeps reads, and recovers after rotation, good checks and an operator', async () => {
    const c = await insuredCustomer(rig(), 'Revoked');
    await rig().scenario('revoked', c.certificateId);
    const checked = await rig().svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
    expect(checked.body).toMatchObject({
      state: 'revoked',
      writable: false,
      degraded: true,
      readOnlyReason: 'revoked',
    });

    const me = await rig().svc.call('GET', '/v1/me', { token: c.token });
    expect(me.status).toBe(200);
    expect(me.headers.get('tai-read-only')).toBe('customer; reason=revoked');
    expect(me.body.banner).toMatchObject({ scope: 'customer', reason: 'revoked' });
    // What the customer verifies offline is served as it is: the banner in the header only, and `tai verify`
    // (strict about a bundle's members) accepts it.
    const exported = await rig().svc.call('GET', '/v1/ledger/export', { token: c.token });
    expect([exported.headers.get('tai-read-only'), exported.body.banner]).toEqual([
      'customer; reason=revoked',
      undefined,
    ]);
    expect(await verifyText(JSON.stringify(exported.body))).toMatchObject({ code: 0, err: '' });
    const checkpoint = await rig().svc.call('GET', '/v1/ledger/checkpoint', { token: c.token });
    expect([checkpoint.status, checkpoint.body.banner]).toEqual([200, undefined]);
    const write = await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
    expect([write.status, write.body.error?.code]).toEqual([503, 'TAI-READONLY-CUSTOMER']);

    const fresh = rig().sim.createCertificate({
      insured: { name: 'Revoked', reference: c.id },
      effectiveFrom: new Date(rig().clock.now() - DAY).toISOString(),
      expiresAt: new Date(rig().clock.now() + 365 * DAY).toISOString(),
    });
    const rotated = await rig().svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/rotate`, {
      certificateId: fresh.certificateId,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.certificate.certificateId).toBe(fresh.certificateId);
    // Valid again, but writes wait for consecutive good checks and then the operator.
    for (
      let i = 0;
      i < 3 &&
      (await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/insurance`)).body.readOnlyReason ===
        'awaiting_good_checks';
      i++
    ) {
      await rig().svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/check`);
    }
    const waiting = await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/insurance`);
    expect(waiting.body).toMatchObject({ writable: false, readOnlyReason: 'awaiting_operator' });
    const recovered = await rig().svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/recover`);
    expect(recovered.body).toMatchObject({ writable: true, state: 'active' });
    expect((await rig().svc.call('GET', '/v1/me', { token: c.token })).headers.get('tai-read-only')).toBeNull();
    expect((await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig)).status).toBe(201);
  });

  const THRESHOLD: Record<string, string> = { '30d': 'days_30', '7d': 'days_7', '1d': 'days_1', expired: 'expired' };
  const warningsOf = async (customerId: string): Promise<string[]> => {
    const outbox = await rig().svc.service.ctx.store.read((r) => r.pendingNotifications(10_000));
    return outbox
      .filter(
        (m) => m.customerId === customerId && (m.type === 'certificate.expiring' || m.type === 'certificate.expired'),
      )
      .map((m) => THRESHOLD[(m.payload as { facts: { threshold?: string } }).facts.threshold ?? 'expired'] ?? '?');
  };

  it('renews ahead of expiry: one 30-day warning, a switch to the successor, writable every day', async () => {
    const c = await insuredCustomer(rig(), 'Renewing', 40);
    for (let day = 0; day < 46; day++) {
      await rig().advance(DAY);
      const view = await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/insurance`);
      expect(view.body.writable, `day ${day + 1}: ${JSON.stringify(view.body.readOnlyReason)}`).toBe(true);
    }
    const after = await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/insurance`);
    expect(after.body.certificate.certificateId).not.toBe(c.certificateId);
    expect(await warningsOf(c.id)).toEqual(['days_30']);
  });

  it('lapses when renewal keeps failing: every warning once, then expired and read-only', async () => {
    // A healthy sibling keeps the insurer reachable, so only this customer degrades (not the system).
    await insuredCustomer(rig(), 'Sibling', 365);
    const c = await insuredCustomer(rig(), 'Lapsing', 20);
    await rig().scenario('server_error', c.certificateId);
    for (let day = 0; day < 21; day++) await rig().advance(DAY);
    const expired = await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/insurance`);
    expect(expired.body).toMatchObject({ state: 'expired', writable: false, degraded: true });
    const me = await rig().svc.call('GET', '/v1/me', { token: c.token });
    expect(me.headers.get('tai-read-only')).toMatch(/^customer; reason=(expired|unverifiable_beyond_grace)$/);
    expect(await warningsOf(c.id)).toEqual(['days_30', 'days_7', 'days_1', 'expired']);
    await rig().scenario('healthy', c.certificateId);
    // Twenty virtual days of failing renewals: hundreds of real PostgreSQL round trips, so a loaded
    // machine needs more than the default 30 s. A bound on waiting, not an assertion on speed.
  }, 180_000);
});
