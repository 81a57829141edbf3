/**
 * The simulated provider's Ed25519 signing keys. Rotation publishes a new key and signs with it at once;
 * retired keys stay in the JWKS for `retentionMs` so documents they signed still verify. A rogue key,
 * never published, produces the bad_signature and unknown_key scenarios.
 */
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Clock } from '../../domain/shared/clock.ts';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

interface SigningKey {
  readonly kid: string;
  readonly privateKey: PrivateKey;
  readonly publicJwk: JWK;
  retiredAt?: number;
}

/** How a document is signed: properly, by the rogue key under a real kid, or by the rogue key under its own kid. */
export type SigningMode = 'normal' | 'bad_signature' | 'unknown_key';

const newKey = async (): Promise<SigningKey> => {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' } };
};

export class KeyRing {
  readonly #clock: Clock;
  readonly #retentionMs: number;
  readonly #keys: SigningKey[];
  readonly #rogue: SigningKey;

  private constructor(clock: Clock, retentionMs: number, first: SigningKey, rogue: SigningKey) {
    this.#clock = clock;
    this.#retentionMs = retentionMs;
    this.#keys = [first];
    this.#rogue = rogue;
  }

  static async create(clock: Clock, retentionMs: number): Promise<KeyRing> {
    return new KeyRing(clock, retentionMs, await newKey(), await newKey());
  }

  get currentKid(): string {
    return this.#current().kid;
  }

  #current(): SigningKey {
    const key = this.#keys[this.#keys.length - 1];
    if (key === undefined) throw new Error('key ring is empty');
    return key;
  }

  isPublished(kid: string): boolean {
    return this.#published().some((k) => k.kid === kid);
  }

  #published(): SigningKey[] {
    const now = this.#clock.now();
    return this.#keys.filter((k) => k.retiredAt === undefined || now < k.retiredAt + this.#retentionMs);
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.#published().map((k) => k.publicJwk) };
  }

  async rotate(): Promise<string> {
    this.#current().retiredAt = this.#clock.now();
    const key = await newKey();
    this.#keys.push(key);
    return key.kid;
  }

  async sign(payload: Uint8Array, typ: string, mode: SigningMode): Promise<{ jws: string; kid: string }> {
    const current = this.#current();
    const [key, kid] =
      mode === 'normal'
        ? [current, current.kid]
        : [this.#rogue, mode === 'bad_signature' ? current.kid : this.#rogue.kid];
    const jws = await new CompactSign(payload).setProtectedHeader({ alg: 'EdDSA', kid, typ }).sign(key.privateKey);
    return { jws, kid };
  }
}
