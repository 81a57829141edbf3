/**
 * The overview's summary, read in aggregate (a count of customers and of those never certified, then the
 * certificate records alone), says what a walk of every customer's insurance view says: on both stores,
 * with states that only time has changed since the records were written (a stored state is never trusted).
 */
import { expect, it } from 'vitest';
import { summarizeInsurance } from '../../src/domain/ops/overview.ts';
import { asActor } from '../../src/services/context.ts';
import { insuranceViewOf } from '../../src/services/lifecycle/insurance-view.ts';
import { getOpsOverview } from '../../src/services/ops/get-ops-overview.ts';
import { DAY, describeInsured, insuredCustomer } from '../support/insured.ts';
import { onboard } from '../support/service.ts';

describeInsured('ops overview summary', (rig) => {
  it('counts what a walk of every customer counts, from aggregate reads', async () => {
    const ids: string[] = [];
    for (const [name, days] of [
      ['Year', 365],
      ['Month', 25],
      ['Week', 5],
      ['Day', 12],
      ['Lapsing', 3],
    ] as const)
      ids.push((await insuredCustomer(rig(), name, days)).id);
    const revoked = await insuredCustomer(rig(), 'Revoked');
    ids.push(revoked.id);
    await rig().scenario('revoked', revoked.certificateId);
    expect((await rig().svc.admin('POST', `/v1/admin/customers/${revoked.id}/insurance/check`)).status).toBe(200);
    for (const name of ['Uncertified', 'Unlinked']) ids.push((await onboard(rig().svc, name)).id);
    // Time alone moves states: `Lapsing` expires, `Day` is within a day, `Week` within two.
    rig().clock.advance(4 * DAY);

    const ctx = asActor(rig().svc.service.ctx, { kind: 'admin' });
    const tally = await ctx.store.read((r) => r.customerTally());
    expect(tally).toEqual({ customers: ids.length, untracked: 2 });
    const overview = await getOpsOverview({ ctx, input: { limit: 3 } });
    const walked = summarizeInsurance(await Promise.all(ids.map((id) => insuranceViewOf(ctx, id))), ctx.clock.now());
    expect(overview.summary).toEqual(walked);
    expect(overview.summary.byState).toMatchObject({ expired: 1, revoked: 1, verifying: 2 });
    expect(overview.summary.readOnly).toBe(4);
    expect(overview.customers.items).toHaveLength(3);
  });
});
