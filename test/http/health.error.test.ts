/** Health when a dependency is missing: 503 with the failing check named; a bad query is a 400. */
import { expect, it } from 'vitest';
import { unconfiguredInsurer } from '../../src/adapters/insurer/unconfigured.ts';
import { describeService } from '../support/service.ts';

describeService(
  'health errors',
  (svc) => {
    it('answers 503 naming the insurer check when no insurer is configured', async () => {
      const deep = await svc().call('GET', '/health?deep=true');
      expect(deep.status).toBe(503);
      expect(deep.body.checks.insurer).toEqual({ status: 'fail', detail: 'no insurer configured (TAI_INSURER_URL)' });
      expect(deep.body.checks.store.status).toBe('ok');
    });

    it('refuses a deep flag that is not a boolean', async () => {
      const r = await svc().call('GET', '/health?deep=maybe', { token: null });
      expect([r.status, r.body.error.code]).toEqual([400, 'TAI-REQ-VALIDATION']);
    });
  },
  { insurer: unconfiguredInsurer },
);
