import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '../shared/canonical-json.ts';
import { fromBase64Url } from '../receipts/encoding.ts';
import { signingKeyFromSeed, verifyBytes } from '../receipts/keys.ts';
import { signManifest, verifyManifest, type UnsignedManifest } from './manifest.ts';

const key = signingKeyFromSeed(new Uint8Array(32).fill(1));
const other = signingKeyFromSeed(new Uint8Array(32).fill(2));
const body: UnsignedManifest = {
  createdAt: '2026-03-01T00:00:00.000Z',
  source: { kind: 'sqlite', description: 'sqlite:/data/tai.db' },
  schemaVersion: 7,
  tables: [
    {
      name: 'customers',
      columns: ['id', 'name'],
      orderBy: ['id'],
      rows: 2,
      sha256: 'a'.repeat(64),
      file: 'tables/customers.jsonl.gz',
      fileSha256: 'b'.repeat(64),
      fileBytes: 120,
    },
  ],
  logs: [{ customerId: 'cus_1', treeSize: 3, root: 'c'.repeat(64), checkpoint: 'note\n' }],
  chains: { audit: { seq: 9, hash: 'd'.repeat(64), rows: 9, from: 0 } },
};

describe('backup manifest', () => {
  it('verifies as signed, under the signer and under trusted keys that hold it', () => {
    const m = signManifest(body, [key, other], key);
    expect(verifyManifest(JSON.parse(JSON.stringify(m)))).toMatchObject({ ok: true });
    expect(verifyManifest(m, [key, other])).toMatchObject({ ok: true });
  });

  it('refuses any change, and keys outside the trusted ones', () => {
    const m = signManifest(body, [key], key);
    const changed = { ...m, tables: [{ ...body.tables[0], rows: 3 }] };
    expect(verifyManifest(changed)).toEqual({
      ok: false,
      error: `the manifest signature does not verify under key ${key.kid} (the manifest was altered or forged)`,
    });
    expect(verifyManifest(m, [other])).toEqual({
      ok: false,
      error: `key ${key.kid} of the manifest is not among the trusted keys`,
    });
    expect(verifyManifest({ ...m, extra: 1 })).toMatchObject({ ok: false });
  });

  it('signs under its own context: the signature is not one over the bare JSON a receipt or anchor signs', () => {
    const m = signManifest(body, [key], key);
    const { signature, ...unsigned } = m;
    const sig = fromBase64Url(signature);
    expect(sig).not.toBeNull();
    expect(verifyBytes(key, canonicalBytes(unsigned), sig ?? new Uint8Array())).toBe(false);
  });

  it('refuses a well-signed manifest whose entries are malformed', () => {
    const bad = signManifest(
      { ...body, tables: [{ ...body.tables[0], file: '../../etc/passwd' }] } as UnsignedManifest,
      [key],
      key,
    );
    expect(verifyManifest(bad)).toEqual({ ok: false, error: "the manifest's tables entry customers is malformed" });
  });
});
