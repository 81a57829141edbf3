/**
 * The edge's own defences: security headers on every answer, authentication failures throttled (429 with
 * Retry-After past the burst, a few aggregated audit events instead of one per attempt, in virtual time),
 * deep health only for the admin and really probing the insurer.
 */
import { expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { describeService, onboard } from '../support/service.ts';

const clock = new ManualClock('2026-03-01T00:00:00.000Z');

describeService(
  'edge security',
  (svc) => {
    it('sends API security headers on answers, refusals included, and no-store on customer data', async () => {
      const { token } = await onboard(svc(), 'Headers');
      for (const r of [
        await svc().call('GET', '/v1/me', { token }),
        await svc().call('GET', '/v1/me', { token: 'not-a-key' }),
        await svc().call('GET', '/v1/nowhere', { token: null }),
      ]) {
        expect(r.headers.get('x-content-type-options')).toBe('nosniff');
        expect(r.headers.get('referrer-policy')).toBe('no-referrer');
        expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
        expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(r.headers.get('x-frame-options')).toBe('DENY');
        expect(r.headers.get('cache-control')).toBe('no-store');
        expect(r.headers.get('strict-transport-security')).toBeNull();
      }
      const docs = await svc().call('GET', '/docs/', { token: null });
      const csp = docs.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
    });

    it('throttles failed authentication past the burst, with Retry-After, and aggregates its audit events', async () => {
      const audit = async () =>
        (await svc().admin('GET', '/v1/admin/audit?type=auth.failure&limit=1000')).body.items.filter(
          (e: { details: { source?: string } }) => e.details.source !== undefined,
        ) as { details: { window: string; count: number } }[];
      clock.advance(61_000); // a fresh window: the refusal of the test before is in the last one
      const before = (await audit()).length;
      const answers: [number, string][] = [];
      for (let i = 0; i < 300; i++) {
        const r = await svc().call('GET', '/v1/me', { token: `key_${'0'.repeat(26)}.${'a'.repeat(43)}` });
        answers.push([r.status, r.body.error.code]);
        if (i === 299) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(answers.slice(0, 5).every(([s, c]) => s === 401 && c === 'TAI-AUTH-INVALID')).toBe(true);
      expect(answers.slice(5).every(([s, c]) => s === 429 && c === 'TAI-AUTH-THROTTLED')).toBe(true);
      // Every credential from this address waits while the window lasts, as Retry-After says.
      expect((await svc().call('GET', '/v1/admin/customers', { token: 'wrong-admin' })).status).toBe(429);
      clock.advance(61_000);
      const during = (await audit()).slice(before);
      expect(during.map((e) => [e.details.window, e.details.count])).toEqual([
        ['first', 1],
        ['throttled', 5],
      ]);
      const after = await svc().call('GET', '/v1/me', { token: 'still-wrong' });
      expect([after.status, after.body.error.code]).toEqual([401, 'TAI-AUTH-INVALID']);
      const rolled = (await audit()).slice(before + 2);
      expect(rolled.map((e) => [e.details.window, e.details.count])).toEqual([
        ['summary', 301],
        ['first', 1],
      ]);
    });

    it('keeps the deep health report for the admin, and reports an insurer it cannot reach as failing', async () => {
      const { token } = await onboard(svc(), 'Healthy');
      expect((await svc().call('GET', '/health', { token: null })).body).toEqual({ status: 'ok', checks: {} });
      const anonymous = await svc().call('GET', '/health?deep=true', { token: null });
      expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'TAI-AUTH-MISSING']);
      const customer = await svc().call('GET', '/health?deep=true', { token });
      expect([customer.status, customer.body.error.code]).toEqual([403, 'TAI-AUTH-FORBIDDEN']);
      const deep = await svc().call('GET', '/health?deep=true');
      expect(deep.status).toBe(503);
      expect(deep.body.checks.insurer).toMatchObject({ status: 'fail', detail: expect.stringMatching(/unreachable/) });
    });
  },
  {
    clock,
    env: {
      TAI_AUTH_FAILURE_BURST: '5',
      TAI_AUTH_FAILURE_WINDOW: '60s',
      TAI_INSURER_URL: 'http://127.0.0.1:1',
      TAI_INSURER_API_KEY: 'sk_unused',
    },
  },
);

describeService(
  'edge security over TLS',
  (svc) => {
    it('sends Strict-Transport-Security when configured as served over TLS', async () => {
      const r = await svc().call('GET', '/health', { token: null });
      expect(r.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    });
  },
  { env: { TAI_SERVED_OVER_TLS: 'true' } },
);
