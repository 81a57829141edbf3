/**
 * GET /metrics holds its own credential: the metrics token opens it, the admin token and customer keys
 * do not (a scraper's token can write nothing, and a write token does not read the fleet's state). Wrong
 * tokens are throttled per address like the API's bearer tokens, on the API port and on TAI_METRICS_PORT,
 * in virtual time.
 */
import { expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { describeService, onboard, type TestService } from '../support/service.ts';

const TOKEN = 'metrics-scrape-token-0123456789';

describeService(
  'GET /metrics credentials',
  (svc) => {
    it('answers the metrics token only, and that token opens nothing else', async () => {
      const c = await onboard(svc(), 'Scraped');
      const ok = await svc().call('GET', '/metrics', { token: TOKEN });
      expect(ok.status).toBe(200);
      expect(ok.body).not.toContain(c.id);
      for (const token of [c.token, undefined]) {
        const refused = await svc().call('GET', '/metrics', token === undefined ? {} : { token });
        expect([refused.status, refused.body.error.code]).toEqual([401, 'TAI-AUTH-INVALID']);
      }
      const elsewhere = await svc().call('GET', '/v1/admin/customers', { token: TOKEN });
      expect(elsewhere.status).toBe(401);
    });
  },
  { env: { TAI_METRICS_TOKEN: TOKEN } },
);

const WINDOW_MS = 60_000;
const throttled = { TAI_METRICS_TOKEN: TOKEN, TAI_AUTH_FAILURE_BURST: '3', TAI_AUTH_FAILURE_WINDOW: '1m' };

/** The `auth.failure` windows audited for a route. */
const failureWindows = async (svc: TestService, route: string): Promise<string[]> => {
  const events = await svc.service.ctx.store.read((r) => r.auditEvents({ limit: 100, type: 'auth.failure' }));
  return events
    .map((e) => JSON.parse(e.details) as { route: string; window: string; code: string })
    .filter((d) => d.route === route)
    .map((d) => `${d.window} ${d.code}`);
};

const apiClock = new ManualClock('2026-04-01T00:00:00Z');
describeService(
  'GET /metrics wrong tokens, throttled',
  (svc) => {
    it('answers 429 TAI-AUTH-THROTTLED with Retry-After past the burst, shares the API throttle, and lets the token in after the window', async () => {
      for (let i = 0; i < 3; i++) {
        const wrong = await svc().call('GET', '/metrics', { token: `wrong-scrape-token-${i}` });
        expect([wrong.status, wrong.body.error.code]).toEqual([401, 'TAI-AUTH-INVALID']);
      }
      // A missing token is not a guess: it is refused as before and not counted.
      expect((await svc().call('GET', '/metrics', { token: null })).status).toBe(401);
      const blocked = await svc().call('GET', '/metrics', { token: TOKEN });
      expect([blocked.status, blocked.body.error.code]).toEqual([429, 'TAI-AUTH-THROTTLED']);
      expect(blocked.headers.get('retry-after')).toBe('60');
      // One throttle per address: the API's bearer tokens wait too.
      const api = await svc().call('GET', '/v1/admin/status');
      expect([api.status, api.body.error.code]).toEqual([429, 'TAI-AUTH-THROTTLED']);
      apiClock.advance(WINDOW_MS / 2);
      const later = await svc().call('GET', '/metrics', { token: TOKEN });
      expect([later.status, later.headers.get('retry-after')]).toEqual([429, '30']);
      apiClock.advance(WINDOW_MS / 2);
      expect((await svc().call('GET', '/metrics', { token: TOKEN })).status).toBe(200);
      expect(await failureWindows(svc(), '/metrics')).toEqual(['first TAI-AUTH-INVALID', 'throttled TAI-AUTH-INVALID']);
    });
  },
  { clock: apiClock, env: throttled },
);

const portClock = new ManualClock('2026-04-01T00:00:00Z');
describeService(
  'GET /metrics wrong tokens on TAI_METRICS_PORT, throttled',
  (svc) => {
    it('throttles wrong tokens on the metrics port as on the API port', async () => {
      const app = svc().service.metricsApp;
      if (app === null) throw new Error('TAI_METRICS_PORT set but no metrics app');
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      const scrape = (token: string) => fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      for (let i = 0; i < 3; i++) expect((await scrape(`wrong-scrape-token-${i}`)).status).toBe(401);
      const blocked = await scrape(TOKEN);
      expect([blocked.status, blocked.headers.get('retry-after')]).toEqual([429, '60']);
      expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('TAI-AUTH-THROTTLED');
      portClock.advance(WINDOW_MS);
      expect((await scrape(TOKEN)).status).toBe(200);
      expect(await failureWindows(svc(), '/metrics')).toEqual(['first TAI-AUTH-INVALID', 'throttled TAI-AUTH-INVALID']);
    });
  },
  { clock: portClock, env: { ...throttled, TAI_METRICS_PORT: '9464' } },
);
