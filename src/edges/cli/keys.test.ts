/** `tai keys` (and its older name `tai secrets`): owner-only key files created once, never overwritten; offline rotation. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from './main.ts';

const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const out = new PassThrough();
  const err = new PassThrough();
  const code = await main(argv, { stdout: out, stderr: err });
  return { code, out: String(out.read() ?? ''), err: String(err.read() ?? '') };
};
const kids = (file: string): string[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as { keys: { kid: string }[] }).keys.map((k) => k.kid);

describe('tai keys', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('init writes the keyring and the audit secret where told, owner-only, and refuses to overwrite either', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tai-keys-'));
    const ring = join(dir, 'mount/receipt-keys.json');
    const secret = join(dir, 'other/audit-secret');
    const first = await run(['keys', 'init', '--receipt-keys', ring, `--audit-secret=${secret}`]);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toBe(`TAI_RECEIPT_KEY_PATH=${ring}\nTAI_AUDIT_SECRET_PATH=${secret}\n`);
    for (const f of [ring, secret]) expect(statSync(f).mode & 0o777).toBe(0o600);
    const before = [readFileSync(ring, 'utf8'), readFileSync(secret, 'utf8')];
    const again = await run(['keys', 'init', '--receipt-keys', ring, '--audit-secret', secret]);
    expect(again.code).toBe(73);
    expect(again.err).toContain(`refusing to overwrite ${ring} and ${secret}`);
    expect([readFileSync(ring, 'utf8'), readFileSync(secret, 'utf8')]).toEqual(before);
  });

  it('init writes neither file when one of them exists', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tai-keys-'));
    const secret = join(dir, 'audit-secret');
    writeFileSync(secret, 'precious\n');
    const r = await run(['keys', 'init', '--receipt-keys', join(dir, 'ring.json'), '--audit-secret', secret]);
    expect(r.code).toBe(73);
    expect(() => statSync(join(dir, 'ring.json'))).toThrow();
    expect(readFileSync(secret, 'utf8')).toBe('precious\n');
  });

  it('needs both paths, and they must differ', async () => {
    expect((await run(['keys', 'init', '--receipt-keys', '/tmp/x'])).err).toContain('--audit-secret is required');
    expect((await run(['keys', 'init', '--receipt-keys', '/tmp/x', '--audit-secret', '/tmp/x'])).code).toBe(64);
  });

  it('rotate keeps the old keys and adds a new one; secrets init DIR and rotate-receipt-key are the same commands', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tai-keys-'));
    expect(await run(['secrets', 'init', dir])).toMatchObject({ code: 0 });
    const file = join(dir, 'receipt-keys.json');
    for (const f of [file, join(dir, 'audit-secret')]) expect(statSync(f).mode & 0o777).toBe(0o600);
    const old = kids(file);
    const rotated = await run(['keys', 'rotate', '--receipt-keys', file]);
    expect(rotated.out).toMatch(/now signing with key /);
    expect(await run(['secrets', 'rotate-receipt-key', file])).toMatchObject({ code: 0 });
    expect(kids(file)).toEqual(expect.arrayContaining(old));
    expect(kids(file)).toHaveLength(old.length + 2);
    expect((await run(['secrets', 'init', dir])).code).toBe(73);
  });

  it('rotate of a keyring that does not exist names the file given, exit 66', async () => {
    const r = await run(['keys', 'rotate', '--receipt-keys', '/nonexistent/ring.json']);
    expect(r).toMatchObject({
      code: 66,
      err: 'tai keys rotate: the receipt keyring /nonexistent/ring.json: does not exist\n',
    });
  });
});
