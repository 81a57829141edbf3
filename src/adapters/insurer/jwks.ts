/**
 * The provider's signing keys from its JWKS. Refetched when older than `jwksMaxAgeMs` (so retired keys drop
 * out) and on an unknown kid, but never more than once per `jwksRefetchCooldownMs` (a forged kid cannot make
 * us hammer the provider).
 */
import { importJWK, type JWK } from 'jose';
import type { Clock } from '../../domain/shared/clock.ts';
import { insurerError } from '../../domain/insurance/insurer-error.ts';
import type { InsurerPolicy } from '../../domain/insurance/policy.ts';
import type { InsurerError } from '../../domain/insurance/verification.ts';
import { err, ok, type Result } from '../../domain/shared/result.ts';

type VerifyKey = Awaited<ReturnType<typeof importJWK>>;
type JwksFetcher = () => Promise<Result<unknown, InsurerError>>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Ed25519 signing keys with a kid; everything else in the set is ignored. */
export const importJwks = async (body: unknown): Promise<Map<string, VerifyKey>> => {
  const keys = new Map<string, VerifyKey>();
  const list = isRecord(body) ? body['keys'] : undefined;
  if (!Array.isArray(list)) return keys;
  for (const jwk of list as unknown[]) {
    if (!isRecord(jwk) || jwk['kty'] !== 'OKP' || jwk['crv'] !== 'Ed25519' || typeof jwk['kid'] !== 'string') continue;
    if (jwk['use'] !== undefined && jwk['use'] !== 'sig') continue;
    if ('d' in jwk) continue; // a private key published by mistake is not trusted
    try {
      keys.set(jwk['kid'], await importJWK({ ...(jwk as JWK), alg: 'EdDSA' }, 'EdDSA'));
    } catch {
      // An unusable key is skipped; signatures by it then fail as unknown_key.
    }
  }
  return keys;
};

export class ProviderKeys {
  readonly #fetch: JwksFetcher;
  readonly #clock: Clock;
  readonly #policy: InsurerPolicy;
  readonly #onFetch: (outcome: string) => void;
  #keys = new Map<string, VerifyKey>();
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #attemptedAt = Number.NEGATIVE_INFINITY;
  #inflight: Promise<Result<undefined, InsurerError>> | undefined;

  constructor(
    fetch: JwksFetcher,
    clock: Clock,
    policy: InsurerPolicy,
    onFetch: (outcome: string) => void = () => undefined,
  ) {
    this.#fetch = fetch;
    this.#clock = clock;
    this.#policy = policy;
    this.#onFetch = onFetch;
  }

  get kids(): readonly string[] {
    return [...this.#keys.keys()];
  }

  async keyFor(kid: string): Promise<Result<VerifyKey, InsurerError>> {
    const now = this.#clock.now();
    const due = this.#keys.size === 0 || now - this.#fetchedAt >= this.#policy.jwksMaxAgeMs;
    if (due && this.#mayFetch(now)) {
      const r = await this.#refresh();
      // Stale keys still verify while the provider's JWKS is unreachable; with none we cannot verify at all.
      if (!r.ok && this.#keys.size === 0) return r;
    } else if (this.#keys.size === 0) {
      return err(insurerError('jwks_unavailable', 'no provider keys yet and the last JWKS fetch failed recently'));
    }
    const known = this.#keys.get(kid);
    if (known !== undefined) return ok(known);
    if (!this.#mayFetch(this.#clock.now())) {
      return err(insurerError('unknown_key', 'kid not in the provider JWKS (fetched within the refetch cooldown)'));
    }
    const r = await this.#refresh();
    if (!r.ok) return r;
    const fetched = this.#keys.get(kid);
    return fetched === undefined
      ? err(insurerError('unknown_key', 'kid not in the provider JWKS after a refetch'))
      : ok(fetched);
  }

  #mayFetch(now: number): boolean {
    return now - this.#attemptedAt >= this.#policy.jwksRefetchCooldownMs;
  }

  #refresh(): Promise<Result<undefined, InsurerError>> {
    this.#inflight ??= this.#doRefresh().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #doRefresh(): Promise<Result<undefined, InsurerError>> {
    this.#attemptedAt = this.#clock.now();
    const r = await this.#fetch();
    if (!r.ok) {
      this.#onFetch(r.error.code);
      return err(insurerError('jwks_unavailable', `JWKS fetch failed: ${r.error.detail}`));
    }
    const keys = await importJwks(r.value);
    if (keys.size === 0) {
      this.#onFetch('malformed_response');
      return err(insurerError('jwks_unavailable', 'JWKS has no usable Ed25519 keys'));
    }
    this.#onFetch('ok');
    this.#keys = keys;
    this.#fetchedAt = this.#clock.now();
    return ok(undefined);
  }
}
