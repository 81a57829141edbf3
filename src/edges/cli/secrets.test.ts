/** `tai secrets`: creates owner-only secret files once, never overwrites them, and rotates the receipt key offline. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runSecrets } from './secrets.ts';

const io = () => {
  const out = new PassThrough();
  const err = new PassThrough();
  const text = (s: PassThrough) => () => String(s.read() ?? '');
  return { io: { stdout: out, stderr: err }, stdout: text(out), stderr: text(err) };
};
const keys = (file: string): string[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as { keys: { kid: string }[] }).keys.map((k) => k.kid);

describe('tai secrets', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('init writes the keyring and the audit secret, owner-only, and refuses to overwrite them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tai-secrets-'));
    const first = io();
    expect(await runSecrets(['init', dir], first.io)).toBe(0);
    expect(first.stdout()).toContain(`TAI_RECEIPT_KEY_PATH=${join(dir, 'receipt-keys.json')}`);
    for (const f of ['receipt-keys.json', 'audit-secret']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    const before = readFileSync(join(dir, 'audit-secret'), 'utf8');
    const again = io();
    expect(await runSecrets(['init', dir], again.io)).toBe(73);
    expect(again.stderr()).toContain('refusing to overwrite');
    expect(readFileSync(join(dir, 'audit-secret'), 'utf8')).toBe(before);
  });

  it('rotate-receipt-key keeps the old key and adds a new one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tai-secrets-'));
    expect(await runSecrets(['init', dir], io().io)).toBe(0);
    const file = join(dir, 'receipt-keys.json');
    const old = keys(file);
    const rotated = io();
    expect(await runSecrets(['rotate-receipt-key', file], rotated.io)).toBe(0);
    const now = keys(file);
    expect(now).toEqual(expect.arrayContaining(old));
    expect(now).toHaveLength(old.length + 1);
    expect(rotated.stdout()).toMatch(/now signing with key /);
  });

  it('answers a wrong call with its usage', async () => {
    const wrong = io();
    expect(await runSecrets(['init'], wrong.io)).toBe(64);
    expect(wrong.stderr()).toContain('usage: tai secrets init DIR');
  });
});
