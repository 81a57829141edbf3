/**
 * `tai audit verify|prune` as an operator runs them: never on a store that is not there (nothing is created
 * for it), and `--older-than-days` is the age that is pruned.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/adapters/logger/silent.ts';
import { buildContext } from '../../src/app/start.ts';
import { loadConfig } from '../../src/config/load.ts';
import { main } from '../../src/edges/cli/main.ts';
import { recordAudit } from '../../src/services/audit/record-audit.ts';

const DAY = 86_400_000;

const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const out = new PassThrough();
  const err = new PassThrough();
  const code = await main(argv, { stdout: out, stderr: err });
  return { code, out: String(out.read() ?? ''), err: String(err.read() ?? '') };
};

/** Audit events written `daysAgo` days before now, through the service's own context. */
const writeEvents = async (daysAgo: number, count: number): Promise<void> => {
  const at = Date.now() - daysAgo * DAY;
  const ctx = await buildContext(loadConfig(), { logger: silentLogger, clock: { now: () => at } });
  try {
    for (let i = 0; i < count; i++)
      await ctx.store.transaction((tx) =>
        recordAudit(tx, ctx, { type: 'test.event', actor: 'system', customerId: null, outcome: 'success' }),
      );
  } finally {
    await ctx.store.close();
  }
};

describe('tai audit', () => {
  let work = '';
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'tai-audit-cli-'));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(work, { recursive: true, force: true });
  });

  it('verify and prune on a data dir that does not exist fail, naming it, and create nothing', async () => {
    const missing = join(work, 'no-such-dir');
    vi.stubEnv('TAI_DATA_DIR', missing);
    for (const sub of ['verify', 'prune']) {
      const r = await run(['audit', sub]);
      expect(r.code).toBe(66);
      expect(r.out).toBe('');
      expect(r.err).toBe(
        `tai audit ${sub}: no database at ${join(missing, 'tai.db')}: the directory does not exist: set TAI_DATA_DIR (${missing}) to the service's store\n`,
      );
    }
    vi.stubEnv('TAI_DB_URL', `sqlite:${join(work, 'elsewhere.db')}`);
    expect((await run(['audit', 'verify'])).err).toContain('set TAI_DB_URL');
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(work)).toEqual([]);
  });

  it('a store without its keys fails naming the key file, and makes none', async () => {
    vi.stubEnv('TAI_DATA_DIR', join(work, 'data'));
    await writeEvents(0, 1);
    rmSync(join(work, 'data', 'receipt-keys.json'));
    const r = await run(['audit', 'verify']);
    expect(r.code).toBe(66);
    expect(r.err).toMatch(
      /^tai audit verify: the receipt keyring .*receipt-keys\.json: does not exist: check TAI_RECEIPT_KEY_PATH/,
    );
    expect(existsSync(join(work, 'data', 'receipt-keys.json'))).toBe(false);
  });

  it('prune --older-than-days prunes that age, in either spelling, and the rest still verifies', async () => {
    vi.stubEnv('TAI_DATA_DIR', join(work, 'data'));
    await writeEvents(40, 2);
    await writeEvents(10, 1);
    await writeEvents(0, 1);
    expect((await run(['audit', 'prune'])).out).toMatch(/^nothing older than /); // retention: 365 days
    expect((await run(['audit', 'prune', '--older-than-days', '50'])).out).toMatch(/^nothing older than /);
    const pruned = await run(['audit', 'prune', '--older-than-days=30']);
    expect(pruned).toMatchObject({ code: 0, err: '' });
    expect(pruned.out).toMatch(/^pruned 2 events before \S+; signed anchor at seq 2\n$/);
    expect((await run(['audit', 'prune', '--older-than-days', '5'])).out).toMatch(
      /^pruned 1 events before \S+; signed anchor at seq 3\n$/,
    );
    const verified = await run(['audit', 'verify']);
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/^audit trail OK: \d+ events, head seq \d+, continuing from the prune anchor at seq/);
  });
});
