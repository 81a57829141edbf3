/** The operations' reads: a customer's listings and deployments, paged, and the public catalog without credentials. */
import { expect, it } from 'vitest';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';
import { describeInsured, insuredCustomer } from '../support/insured.ts';

describeInsured('operations reads', (rig) => {
  it('lists what a customer published and deployed, a page at a time, and shows public listings to anyone', async () => {
    const c = await insuredCustomer(rig(), 'Lister');
    await rig().svc.admin('PUT', `/v1/admin/customers/${c.id}/pricing`, issueExampleConfig);
    const published: string[] = [];
    for (const visibility of ['public', 'private', 'public']) {
      const r = await rig().svc.call('POST', '/v1/marketplace/publish', {
        token: c.token,
        body: { segment: 'reads', visibility },
      });
      expect(r.status).toBe(201);
      published.push(r.body.listingId);
    }
    const first = await rig().svc.call('GET', '/v1/marketplace/listings?limit=2', { token: c.token });
    expect(first.body.items.map((l: { id: string }) => l.id)).toEqual(published.slice(0, 2));
    const rest = await rig().svc.call('GET', `/v1/marketplace/listings?limit=2&after=${first.body.next}`, {
      token: c.token,
    });
    expect([rest.body.items.map((l: { id: string }) => l.id), rest.body.next]).toEqual([published.slice(2), null]);
    const catalog = await rig().svc.call('GET', '/v1/marketplace/catalog?limit=500', { token: null });
    const mine = catalog.body.items.filter((e: { listingId: string }) => published.includes(e.listingId));
    expect(mine.map((e: { listingId: string }) => e.listingId).sort()).toEqual([published[0], published[2]].sort());
    expect(mine[0]).toMatchObject({ seller: 'Lister', segment: 'reads', insured: true });

    const contract = (await rig().svc.admin('GET', `/v1/admin/customers/${c.id}/contract`)).body.document.reference;
    const deployed = await rig().svc.call('POST', '/v1/customer/deploy', {
      token: c.token,
      body: { contractReference: contract, target: 'record', capacityUnits: 2, artifact: 'reads:1' },
    });
    const list = await rig().svc.call('GET', '/v1/deployments', { token: c.token });
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: deployed.body.deploymentId, state: 'succeeded', capacityUnits: 2 }),
    ]);
    expect(list.body.items[0].nextSteps).toContain(`DELETE /v1/deployments/${deployed.body.deploymentId}`);
  });
});
