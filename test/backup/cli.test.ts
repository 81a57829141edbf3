/** The commands as an operator runs them: output, messages and exit codes (worker threads included). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/edges/cli/main.ts';
import { sqliteFixture } from '../support/stores.ts';
import { addCustomers, newLedger, write } from './support.ts';

const fixture = sqliteFixture();
const work = mkdtempSync(join(tmpdir(), 'tai-backup-cli-'));
let source = '';

const run = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void) =>
    ({ write: (s: string) => (add(s), true) }) as unknown as NodeJS.WritableStream;
  const code = await main(argv, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
};

beforeAll(async () => {
  const store = await fixture.open();
  const ledger = newLedger(store);
  const customers = await addCustomers(ledger, 2);
  for (let n = 0; n < 20; n++) await write(ledger, customers[n % 2] as string, n);
  await store.close();
  source = `sqlite:${join(fixture.location() ?? '', 'tai.db')}`;
  process.env['TAI_DATA_DIR'] = join(work, 'data');
  process.env['TAI_RECEIPT_KEY_PATH'] = ledger.keyringPath;
});

afterAll(async () => {
  delete process.env['TAI_DATA_DIR'];
  delete process.env['TAI_RECEIPT_KEY_PATH'];
  await fixture.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('tai backup and tai restore', () => {
  const dir = join(work, 'b1');

  it(
    'backs up, verifies on two worker threads, restores and refuses a second restore',
    { timeout: 60_000 },
    async () => {
      const backup = await run('backup', '--out', dir, '--from', source);
      expect(backup).toMatchObject({ code: 0, err: '' });
      expect(backup.out).toMatch(
        /^backup written to .*: \d+ tables, \d+ rows, 2 logs \(20 receipts\), audit chain at seq 20; manifest signed by ed25519-/,
      );

      const verified = await run('backup', 'verify', dir, '--workers', '2');
      expect(verified.code).toBe(0);
      expect(verified.out).toMatch(
        /^OK: backup of sqlite:.* 2 logs \(20 receipts\) each recomputed against its signed checkpoint; audit chain to seq 20; manifest signed by .*, trusted through the receipt keyring/,
      );

      const target = join(work, 'restored.db');
      const restored = await run('restore', dir, '--to', `sqlite:${target}`, '--workers', '2');
      expect(restored.code).toBe(0);
      expect(restored.out).toMatch(/^restored .* into sqlite:.*restored\.db and verified it/);

      const again = await run('restore', dir, '--to', target);
      expect(again.code).toBe(3);
      expect(again.err).toMatch(
        /TAI-BACKUP-TARGET-NOT-EMPTY: The store to restore into already holds data\. Restore only into an empty store\.\n {2}rows in /,
      );
    },
  );

  it('reports damage with exit 1 and no stack trace', async () => {
    const path = join(dir, 'tables/settings.jsonl.gz');
    const bytes = readFileSync(path);
    const at = bytes.length - 5;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    writeFileSync(path, bytes);
    const r = await run('backup', 'verify', dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^tai backup verify: FAILED: 1 problem in .*:\n {2}tables\/settings\.jsonl\.gz: unreadable after \d+ rows \(.*\): truncated or damaged\nDo not restore from it/,
    );
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('says what is missing: usage 64, unreadable 66, output not empty 3', async () => {
    expect((await run('restore', dir)).code).toBe(64);
    expect(await run('backup', 'verify', join(work, 'nothing-here'))).toMatchObject({
      code: 66,
      err: expect.stringContaining('TAI-BACKUP-UNREADABLE'),
    });
    expect(await run('backup', '--out', dir, '--from', source)).toMatchObject({
      code: 3,
      err: expect.stringContaining('TAI-BACKUP-OUT-NOT-EMPTY'),
    });
  });

  it('speaks of the --keys file given when it is not a usable JWKS', async () => {
    const keys = join(work, 'bad.jwks');
    writeFileSync(keys, JSON.stringify({ keys: [{ kty: 'OKP', crv: 'X448', x: 'AA' }] }));
    for (const argv of [
      ['backup', 'verify', dir, '--keys', keys],
      ['restore', dir, '--to', `sqlite:${join(work, 'never.db')}`, '--keys', keys],
    ]) {
      const r = await run(...argv);
      expect(r.code).toBe(66);
      expect(r.err).toMatch(new RegExp(`^tai (backup verify|restore): the --keys file ${keys} at /keys/0/\\w+: `));
      expect(r.err).not.toContain('cannot sign receipts');
    }
  });
});
