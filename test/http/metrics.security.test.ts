/**
 * GET /metrics holds its own credential: the metrics token opens it, the admin token and customer keys
 * do not (a scraper's token can write nothing, and a write token does not read the fleet's state).
 */
import { expect, it } from 'vitest';
import { describeService, onboard } from '../support/service.ts';

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
