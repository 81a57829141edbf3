/** Only the admin token reads, saves or previews notification templates. */
import { expect, it } from 'vitest';
import { SCOPES } from '../../src/domain/customer/types.ts';
import { describeService, onboard } from '../support/service.ts';

const PATH = '/v1/admin/notification-templates/certificate.revoked/email';
const TEMPLATE = { subject: 'Revoked: {{customer.name}}', text: 'Revoked.', html: '<p>Revoked.</p>' };

describeService('admin notification templates security', (svc) => {
  it('refuses anonymous callers and customer keys, whatever their scopes, and saves nothing for them', async () => {
    const c = await onboard(svc(), 'NotTemplateAdmin', [...SCOPES]);
    for (const [method, path, body] of [
      ['GET', PATH, undefined],
      ['PUT', PATH, { template: TEMPLATE }],
      ['POST', `${PATH}/preview`, { template: TEMPLATE }],
    ] as const) {
      const anonymous = await svc().call(method, path, { token: null, body });
      expect([method, anonymous.status]).toEqual([method, 401]);
      const customer = await svc().call(method, path, { token: c.token, body });
      expect([method, customer.status, customer.body.error.code]).toEqual([method, 403, 'TAI-AUTH-FORBIDDEN']);
    }
    expect((await svc().admin('GET', PATH)).body.version).toBe(0);
  });
});
