/**
 * The capacity meter through the service, on both stores: real deployments (deployed and removed over
 * HTTP) under terms pricing `capacity_unit_day` beyond 10 included unit-days a month. The close books a
 * unit-day per day each deployment held capacity (its start day counted, its end day not), beyond the
 * included volume, naming its deploy receipt; re-runs append nothing; and `tai revenue verify` holds the
 * schedule against the receipt export and catches a unit-day whose receipt is missing from it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { addDays, monthOf, nextMonth } from '../../src/domain/revenue/days.ts';
import type { RevenueEntry } from '../../src/domain/revenue/types.ts';
import { main } from '../../src/edges/cli/main.ts';
import { asActor } from '../../src/services/context.ts';
import { closeRevenueDay } from '../../src/services/revenue/close-revenue-day.ts';
import { DAY, describeInsured, insuredCustomer } from '../support/insured.ts';
import { inCloseWindow, termsDoc } from '../support/revenue.ts';

const dir = mkdtempSync(join(tmpdir(), 'tai-unit-days-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const out = new PassThrough();
  const err = new PassThrough();
  const code = await main(argv, { stdout: out, stderr: err });
  return { code, out: String(out.read() ?? ''), err: String(err.read() ?? '') };
};

describeInsured('capacity unit-days', (rig) => {
  it('books the days each deployment held capacity beyond the included volume, with its deploy receipt', async () => {
    const { svc, clock } = rig();
    const c = await insuredCustomer(rig(), 'Holder');
    const terms = termsDoc({
      obligations: [
        {
          id: 'platform',
          kind: 'platform_access',
          price: '1200.00',
          standaloneSellingPrice: '1200.00',
          method: 'daily',
        },
        { id: 'capacity', kind: 'usage', meter: 'capacity_unit_day', includedPerMonth: '10', unitPrice: '0.25' },
      ],
    });
    expect((await svc.admin('PUT', `/v1/admin/customers/${c.id}/revenue-terms`, terms)).status).toBe(201);
    const deploy = (capacityUnits: number) =>
      svc.call('POST', '/v1/customer/deploy', {
        token: c.token,
        body: { contractReference: 'MSA-2026-001', target: 'record', capacityUnits, artifact: 'app:1' },
      });
    const first = await deploy(4);
    expect(first.status).toBe(201);
    const start = new Date(clock.now()).toISOString().slice(0, 10);
    await rig().advance(3 * DAY);
    const removed = await svc.call('DELETE', `/v1/deployments/${first.body.deploymentId}`, { token: c.token });
    expect(removed.body.state).toBe('removed');
    const second = await deploy(1);
    expect(second.status).toBe(201);
    await rig().advance(3 * DAY);

    const system = asActor(svc.service.ctx, { kind: 'system' });
    const through = addDays(start, 5);
    for (let day = start; day <= through; day = addDays(day, 1)) await closeRevenueDay({ ctx: system, input: { day } });
    for (const day of [start, addDays(start, 2), through]) {
      expect((await closeRevenueDay({ ctx: system, input: { day } })).appended).toBe(0);
    }

    // The close's windowed read of holdings holds what its model picks: those not ended before the window.
    await svc.service.ctx.store.transaction(async (tx) => {
      const before = `${addDays(through, 1)}T00:00:00.000Z`;
      const all = await tx.capacityHoldingsIn(c.id, c.id, before);
      expect(all.map((h) => h.units)).toEqual([4, 1]);
      const ended = all[0]?.endedAt ?? '';
      for (const from of [monthOf(start), monthOf(ended), nextMonth(monthOf(ended))]) {
        const window = { from, bookedAfter: from, whole: [] };
        expect(await tx.capacityHoldingsIn(c.id, c.id, before, window), from).toEqual(
          all.filter((h) => inCloseWindow.holding(h, from)),
        );
        expect(await tx.capacityHoldingsIn(c.id, c.id, before, { ...window, whole: [c.id] })).toEqual(all);
      }
      expect(
        await tx.capacityHoldingsIn(c.id, c.id, before, {
          from: nextMonth(monthOf(ended)),
          bookedAfter: '',
          whole: [],
        }),
      ).toEqual([all[1]]);
    });

    const schedule = (await svc.admin('GET', `/v1/admin/customers/${c.id}/revenue`)).body;
    const unitDays = (schedule.entries as RevenueEntry[]).filter((e) => e.meter === 'capacity_unit_day');
    // 4 units on the first three days (12 unit-days: 2 beyond the 10 included), then 1 unit a day.
    expect(unitDays.map((e) => [e.receiptId, e.occurredOn, e.amount])).toEqual([
      [first.body.receipt.body.id, addDays(start, 2), '0.50'],
      [second.body.receipt.body.id, addDays(start, 3), '0.25'],
      [second.body.receipt.body.id, addDays(start, 4), '0.25'],
      [second.body.receipt.body.id, addDays(start, 5), '0.25'],
    ]);
    expect(unitDays.every((e) => e.kind === 'usage' && e.obligationId === 'capacity' && e.corrects === null)).toBe(
      true,
    );

    const bundle = (await svc.call('GET', '/v1/ledger/export', { token: c.token })).body;
    const files = (name: string, revenue: unknown): string[] => {
      const b = join(dir, `${c.id}-bundle.json`);
      const r = join(dir, `${c.id}-${name}.json`);
      writeFileSync(b, JSON.stringify(bundle));
      writeFileSync(r, JSON.stringify(revenue));
      return ['revenue', 'verify', '--bundle', b, '--revenue', r];
    };
    const honest = await run(files('honest', schedule));
    expect([honest.code, honest.err]).toEqual([0, '']);
    const target = unitDays[1];
    const missing = {
      ...schedule,
      entries: schedule.entries.map((e: RevenueEntry) =>
        e.id === target?.id ? { ...e, receiptId: 'rcpt_00000000000000000000000000' } : e,
      ),
    };
    const caught = await run(files('missing', missing));
    expect(caught.code).toBe(1);
    expect(caught.err).toContain(
      `FAILED at entry ${target?.id ?? '?'}: receipt rcpt_00000000000000000000000000 is missing`,
    );
    const twice = { ...schedule, entries: [...schedule.entries, { ...target, id: 'rev_twice' }] };
    expect((await run(files('twice', twice))).err).toMatch(/recognized twice for the unit-day/);
  });
});
