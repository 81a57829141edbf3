/** GET /metrics refusals: a missing or wrong metrics token, and the API port without it when TAI_METRICS_PORT is set. */
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { describeService } from '../support/service.ts';

const TOKEN = 'metrics-scrape-token-0123456789';

describeService(
  'GET /metrics with TAI_METRICS_TOKEN',
  (svc) => {
    it('refuses a scrape without the token (401 TAI-AUTH-MISSING) or with another (401 TAI-AUTH-INVALID)', async () => {
      const none = await svc().call('GET', '/metrics', { token: null });
      expect([none.status, none.body.error.code]).toEqual([401, 'TAI-AUTH-MISSING']);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      const wrong = await svc().call('GET', '/metrics', { token: `${TOKEN}x` });
      expect([wrong.status, wrong.body.error.code]).toEqual([401, 'TAI-AUTH-INVALID']);
      const basic = await svc().call('GET', '/metrics', { token: null, headers: { authorization: `Basic ${TOKEN}` } });
      expect([basic.status, basic.body.error.code]).toEqual([401, 'TAI-AUTH-INVALID']);
    });
  },
  { env: { TAI_METRICS_TOKEN: TOKEN } },
);

describeService(
  'GET /metrics with TAI_METRICS_PORT',
  (svc) => {
    it('is not on the API port, and answers only /metrics on its own port', async () => {
      const api = await svc().call('GET', '/metrics', { token: null });
      expect([api.status, api.body.error.code]).toEqual([404, 'TAI-REQ-NOT-FOUND']);
      const app = svc().service.metricsApp;
      if (app === null) throw new Error('TAI_METRICS_PORT set but no metrics app');
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      const other = await fetch(`${base}/v1/me`);
      expect(other.status).toBe(404);
      const refused = await fetch(`${base}/metrics`);
      expect(refused.status).toBe(401);
      const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('# TYPE tai_system_mode gauge');
    });
  },
  { env: { TAI_METRICS_TOKEN: TOKEN, TAI_METRICS_PORT: '9464' } },
);

it('refuses a short metrics token and a bad metrics port at start-up, naming the variable', () => {
  expect(() => loadConfig({ TAI_METRICS_TOKEN: 'short' })).toThrow(/TAI_METRICS_TOKEN/);
  expect(() => loadConfig({ TAI_METRICS_PORT: '70000' })).toThrow(/TAI_METRICS_PORT/);
});
