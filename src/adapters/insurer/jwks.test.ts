import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { insurerError } from '../../domain/insurance/insurer-error.ts';
import { DEFAULT_INSURER_POLICY } from '../../domain/insurance/policy.ts';
import { ManualClock } from '../../domain/shared/clock.ts';
import { err, ok } from '../../domain/shared/result.ts';
import { importJwks, ProviderKeys } from './jwks.ts';

const publicJwk = async (kid: string) => {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { pub: { ...(await exportJWK(publicKey)), kid }, priv: { ...(await exportJWK(privateKey)), kid } };
};

const setup = async () => {
  const clock = new ManualClock(0);
  const [k1, k2] = [await publicJwk('k1'), await publicJwk('k2')];
  let published: unknown[] = [k1.pub];
  let up = true;
  let fetches = 0;
  const keys = new ProviderKeys(
    () => {
      fetches += 1;
      return Promise.resolve(up ? ok({ keys: published }) : err(insurerError('network', 'refused')));
    },
    clock,
    DEFAULT_INSURER_POLICY,
  );
  return {
    clock,
    keys,
    k2,
    fetches: () => fetches,
    publish: (...jwks: unknown[]) => void (published = jwks),
    setUp: (v: boolean) => void (up = v),
    k1,
  };
};

describe('ProviderKeys', () => {
  it('fetches once, then refetches for an unknown kid at most once per cooldown', async () => {
    const s = await setup();
    expect((await s.keys.keyFor('k1')).ok).toBe(true);
    expect(s.fetches()).toBe(1);
    expect(await s.keys.keyFor('k2')).toMatchObject({ ok: false, error: { code: 'unknown_key' } });
    expect(s.fetches()).toBe(1);
    s.publish(s.k1.pub, s.k2.pub);
    s.clock.advance(30_000);
    expect((await s.keys.keyFor('k2')).ok).toBe(true);
    expect(s.fetches()).toBe(2);
  });

  it('refreshes after the max age, dropping retired keys; keeps old keys if the refresh fails', async () => {
    const s = await setup();
    await s.keys.keyFor('k1');
    s.setUp(false);
    s.clock.advance(3_600_000);
    expect((await s.keys.keyFor('k1')).ok).toBe(true);
    s.setUp(true);
    s.publish(s.k2.pub);
    s.clock.advance(30_000);
    expect((await s.keys.keyFor('k2')).ok).toBe(true);
    expect(s.keys.kids).toEqual(['k2']);
  });

  it('is jwks_unavailable with no keys, and does not hammer a failing JWKS', async () => {
    const s = await setup();
    s.setUp(false);
    expect(await s.keys.keyFor('k1')).toMatchObject({
      ok: false,
      error: { code: 'jwks_unavailable', kind: 'transient' },
    });
    expect(await s.keys.keyFor('k1')).toMatchObject({ ok: false, error: { code: 'jwks_unavailable' } });
    expect(s.fetches()).toBe(1);
  });

  it('shares one fetch between concurrent lookups', async () => {
    const s = await setup();
    await Promise.all([s.keys.keyFor('k1'), s.keys.keyFor('k1'), s.keys.keyFor('k1')]);
    expect(s.fetches()).toBe(1);
  });
});

describe('importJwks', () => {
  it('takes Ed25519 signing keys with a kid and ignores the rest, including published private keys', async () => {
    const [a, b] = [await publicJwk('a'), await publicJwk('b')];
    const keys = await importJwks({
      keys: [
        a.pub,
        b.priv,
        { ...a.pub, kid: undefined },
        { ...a.pub, kid: 'enc', use: 'enc' },
        { kty: 'RSA', kid: 'r' },
        'junk',
      ],
    });
    expect([...keys.keys()]).toEqual(['a']);
    expect((await importJwks({ nope: true })).size).toBe(0);
  });
});
