/**
 * `tai revenue verify` against a real service's exports: a customer with receipts over two months, its
 * days closed, its receipt export and revenue schedule written to files. The honest pair verifies; an
 * entry whose receipt is missing, a forged checkpoint root, a shifted log range and another customer's
 * schedule are each caught, naming the entry.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, expect, it } from 'vitest';
import { addDays } from '../../src/domain/revenue/days.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { main } from '../../src/edges/cli/main.ts';
import { asActor } from '../../src/services/context.ts';
import { appendReceipt } from '../../src/services/receipts/append-receipt.ts';
import { closeRevenueDay } from '../../src/services/revenue/close-revenue-day.ts';
import { termsDoc } from '../support/revenue.ts';
import { describeService, onboard } from '../support/service.ts';

interface Entry {
  readonly id: string;
  readonly kind: string;
  readonly servicePeriod: string;
}

const clock = new ManualClock('2026-01-01T00:00:00.000Z');
const dir = mkdtempSync(join(tmpdir(), 'tai-revenue-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The next store's service creates its signing key at the clock's time: before the receipts it signs.
afterEach(() => clock.set('2026-01-01T00:00:00.000Z'));

const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const out = new PassThrough();
  const err = new PassThrough();
  const code = await main(argv, { stdout: out, stderr: err });
  return { code, out: String(out.read() ?? ''), err: String(err.read() ?? '') };
};

describeService(
  'tai revenue verify',
  (svc) => {
    it('verifies a customer schedule against its receipt export and catches each tampering', async () => {
      clock.set('2026-01-01T00:00:00.000Z');
      const c = await onboard(svc(), 'Auditee');
      const ctx = svc().service.ctx;
      const doc = termsDoc({
        serviceEnd: '2026-03-01',
        billing: { kind: 'monthly_in_advance', billingDay: 1 },
        obligations: [
          {
            id: 'platform',
            kind: 'platform_access',
            price: '200.00',
            standaloneSellingPrice: '200.00',
            method: 'daily',
          },
          { id: 'publishes', kind: 'usage', meter: 'publish', includedPerMonth: '3', unitPrice: '2.00' },
        ],
      });
      expect((await svc().admin('PUT', `/v1/admin/customers/${c.id}/revenue-terms`, doc)).status).toBe(201);
      const system = asActor(ctx, { kind: 'system' });
      for (let day = '2026-01-01'; day < '2026-03-01'; day = addDays(day, 1)) {
        clock.set(`${day}T10:00:00.000Z`);
        if (Number(day.slice(8)) % 4 === 0) {
          for (const kind of ['publish', 'quote'] as const) {
            await ctx.store.transaction((tx) =>
              appendReceipt(tx, ctx, {
                customerId: c.id,
                kind,
                mode: 'pilot',
                authority: 'advisory',
                request: { day },
                result: { ok: true },
                contractReference: null,
                insurance: null,
                disclaimer: 'revenue verify test',
              }),
            );
          }
        }
        clock.set(`${addDays(day, 1)}T00:10:00.000Z`);
        await closeRevenueDay({ ctx: system, input: { day } });
      }
      const schedule = (await svc().admin('GET', `/v1/admin/customers/${c.id}/revenue`)).body;
      const bundle = (await svc().call('GET', '/v1/ledger/export', { token: c.token })).body;
      const usage = schedule.entries.filter((e: { kind: string }) => e.kind === 'usage');
      expect(usage.length).toBe(8);
      const files = (name: string, revenue: unknown): string[] => {
        const b = join(dir, `${c.id}-bundle.json`);
        const r = join(dir, `${c.id}-${name}.json`);
        writeFileSync(b, JSON.stringify(bundle));
        writeFileSync(r, JSON.stringify(revenue));
        return ['revenue', 'verify', '--bundle', b, '--revenue', r];
      };

      const honest = await run(files('honest', schedule));
      expect(honest.err).toBe('');
      expect(honest.code).toBe(0);
      expect(honest.out).toMatch(/^OK: \d+ revenue entries of cus_\w+ hold against its log of 28 receipts/);

      const tamper = (name: string, pick: (e: Entry) => boolean, change: Readonly<Record<string, unknown>>) => {
        const entries = schedule.entries.map((e: Entry) => (pick(e) ? { ...e, ...change } : e));
        const target = schedule.entries.find(pick) as { id: string };
        return { argv: files(name, { ...schedule, entries }), id: target.id };
      };
      const cases = [
        tamper('missing', (e) => e.id === usage[2].id, { receiptId: 'rcpt_00000000000000000000000000' }),
        tamper('root', (e) => e.kind === 'recognition' && e.servicePeriod === '2026-02', {
          checkpointRoot: 'ab'.repeat(32),
        }),
        tamper('range', (e) => e.kind === 'recognition' && e.servicePeriod === '2026-01', { logLast: 3 }),
      ];
      const reasons = [
        /receipt rcpt_0+ is missing/,
        /checkpoint root at \d+ is not the log's/,
        /log range 0\.\.3 is not/,
      ];
      for (const [i, { argv, id }] of cases.entries()) {
        const r = await run(argv);
        expect([r.code, r.out]).toEqual([1, '']);
        expect(r.err).toContain(`FAILED at entry ${id}: `);
        expect(r.err).toMatch(reasons[i] ?? /never/);
      }
      const other = await run(files('other', { ...schedule, customerId: 'cus_00000000000000000000000000' }));
      expect([other.code, other.err]).toEqual([1, expect.stringContaining('it is customer cus_0000')]);
      const unreadable = await run([
        'revenue',
        'verify',
        '--bundle',
        join(dir, 'nope.json'),
        '--revenue',
        join(dir, 'nope.json'),
      ]);
      expect(unreadable.code).toBe(66);
    });
  },
  { clock },
);
