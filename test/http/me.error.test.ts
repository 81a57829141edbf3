/** What a customer's own reads answer when there is nothing to show yet: stable codes, no guesses. */
import { expect, it } from 'vitest';
import { describeService, onboard } from '../support/service.ts';

describeService('me errors', (svc) => {
  it('answers a customer without a contract or pricing with their own not-found codes', async () => {
    const c = await onboard(svc(), 'Newcomer');
    const contract = await svc().call('GET', '/v1/me/contract', { token: c.token });
    expect([contract.status, contract.body.error.code]).toEqual([404, 'TAI-CONTRACT-NOT-FOUND']);
    const pricing = await svc().call('GET', '/v1/me/pricing', { token: c.token });
    expect([pricing.status, pricing.body.error.code]).toEqual([404, 'TAI-PRICING-NOT-FOUND']);
  });
});
