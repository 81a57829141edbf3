import { describe, expect, it } from 'vitest';
import { isSealed, openSealed, sealSecret, webhookSecretsKey } from './sealed-secret.ts';

const KEY = webhookSecretsKey(Buffer.alloc(32, 1));

describe('sealed secrets', () => {
  it('open to what was sealed, with a fresh IV each time and nothing of the secret in the text', () => {
    const a = sealSecret(KEY, 'whsec_c2VjcmV0', 'whe_1');
    const b = sealSecret(KEY, 'whsec_c2VjcmV0', 'whe_1');
    expect(a).not.toBe(b);
    expect(isSealed(a)).toBe(true);
    expect(a).not.toContain('c2VjcmV0');
    expect(openSealed(KEY, a, 'whe_1')).toBe('whsec_c2VjcmV0');
  });
  it('do not open under another key, bound to another endpoint, altered, or when not sealed', () => {
    const s = sealSecret(KEY, 'whsec_c2VjcmV0', 'whe_1');
    expect(openSealed(webhookSecretsKey(Buffer.alloc(32, 2)), s, 'whe_1')).toBeNull();
    expect(openSealed(KEY, s, 'whe_2')).toBeNull();
    // One bit of the ciphertext changed, through the bytes (a base64 character may only carry padding bits).
    const dot = s.lastIndexOf('.');
    const body = Buffer.from(s.slice(dot + 1), 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    const flipped = `${s.slice(0, dot + 1)}${body.toString('base64url')}`;
    expect(flipped).not.toBe(s);
    expect(openSealed(KEY, flipped, 'whe_1')).toBeNull();
    expect(openSealed(KEY, 'whsec_c2VjcmV0', 'whe_1')).toBeNull();
    expect(openSealed(KEY, 'sealed.v1.x', 'whe_1')).toBeNull();
  });
  it('derive one key per audit secret, apart from the secret itself', () => {
    const secret = Buffer.alloc(32, 1);
    expect(webhookSecretsKey(Buffer.alloc(32, 1)).equals(KEY)).toBe(true);
    expect(KEY.equals(secret)).toBe(false);
    expect(KEY).toHaveLength(32);
  });
});
