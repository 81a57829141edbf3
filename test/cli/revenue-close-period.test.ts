/**
 * `tai revenue close-period --through` against the configured store, as finance runs it: refused (exit 1,
 * the code named) until the daily close has covered the month, then closed, and never moved backwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/adapters/logger/silent.ts';
import { buildContext } from '../../src/app/start.ts';
import { loadConfig } from '../../src/config/load.ts';
import { addDays, monthOf } from '../../src/domain/revenue/days.ts';
import { main } from '../../src/edges/cli/main.ts';
import { asActor } from '../../src/services/context.ts';
import { closeRevenueDay } from '../../src/services/revenue/close-revenue-day.ts';

const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const out = new PassThrough();
  const err = new PassThrough();
  const code = await main(argv, { stdout: out, stderr: err });
  return { code, out: String(out.read() ?? ''), err: String(err.read() ?? '') };
};

let work = '';
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'tai-close-period-'));
  vi.stubEnv('TAI_DATA_DIR', join(work, 'data'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(work, { recursive: true, force: true });
});

it('closes a covered month, refusing a bad month, an uncovered one and a move backwards', async () => {
  const ctx = await buildContext(loadConfig(), { logger: silentLogger });
  const lastMonthEnd = addDays(`${new Date(ctx.clock.now()).toISOString().slice(0, 7)}-01`, -1);
  const month = monthOf(lastMonthEnd);
  const before = monthOf(addDays(`${month}-01`, -1));
  try {
    expect(await run(['revenue', 'close-period', '--through', month])).toMatchObject({
      code: 1,
      err: expect.stringContaining('TAI-REVENUE-PERIOD-DAYS-OPEN'),
    });
    await closeRevenueDay({ ctx: asActor(ctx, { kind: 'admin' }), input: { day: lastMonthEnd } });
  } finally {
    await ctx.store.close();
  }
  expect(await run(['revenue', 'close-period', '--through', '2026-13'])).toMatchObject({
    code: 1,
    err: expect.stringContaining('TAI-REVENUE-MONTH-INVALID'),
  });
  const closed = await run(['revenue', 'close-period', '--through', month]);
  expect([closed.code, closed.err]).toEqual([0, '']);
  expect(closed.out).toMatch(new RegExp(`^closed through ${month} \\(since \\d{4}-`));
  expect(await run(['revenue', 'close-period', '--through', before])).toMatchObject({
    code: 1,
    err: expect.stringContaining('TAI-REVENUE-PERIOD-BACKWARDS'),
  });
});
