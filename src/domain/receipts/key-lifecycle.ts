/**
 * Key lifecycle as a verifier reads it: when each key was made, retired (rotated out) and compromised.
 * A key's signatures count only up to its end: its compromise, or its retirement plus RETIREMENT_GRACE_MS
 * (a checkpoint signed just before a rotation is witnessed a little after it). Whose clock judges that is
 * the caller's choice: witnessed time when witnesses are pinned, otherwise the signer's own issuedAt.
 */
import { DomainError } from '../errors/domain-error.ts';
import { publicKeyFromJwk } from './keys.ts';
import type { PublicReceiptKey } from './keys.ts';
import { isIsoInstant } from './receipt-format.ts';

export interface KeyLifecycle {
  readonly createdAt: string;
  readonly retiredAt: string | null;
  readonly compromisedAt: string | null;
}

export interface LifecycleKey extends PublicReceiptKey {
  readonly lifecycle: KeyLifecycle;
}

const RETIREMENT_GRACE_MS = 24 * 60 * 60 * 1000;

/** The last instant (ms) at which the key's signature counts, or null while it is active and intact. */
export const keyEndMs = (l: KeyLifecycle): number | null => {
  const retired = l.retiredAt === null ? null : Date.parse(l.retiredAt) + RETIREMENT_GRACE_MS;
  const compromised = l.compromisedAt === null ? null : Date.parse(l.compromisedAt);
  if (retired === null) return compromised;
  return compromised === null ? retired : Math.min(retired, compromised);
};

/** The lifecycle members of a JWK (createdAt required; retiredAt, compromisedAt optional), or a problem. */
const lifecycleOf = (jwk: Record<string, unknown>): KeyLifecycle | string => {
  const { createdAt, retiredAt, compromisedAt } = jwk;
  if (!isIsoInstant(createdAt)) return 'createdAt must be an instant';
  // undefined: malformed; null: absent.
  const optional = (v: unknown): string | null | undefined =>
    v === undefined ? null : isIsoInstant(v) && v >= createdAt ? v : undefined;
  const r = optional(retiredAt);
  const c = optional(compromisedAt);
  if (r === undefined) return 'retiredAt must be an instant not before createdAt';
  if (c === undefined) return 'compromisedAt must be an instant not before createdAt';
  return { createdAt, retiredAt: r, compromisedAt: c };
};

/**
 * The stricter of two views of a key (the bundle's and a pinned JWKS's): createdAt must agree; the
 * earlier retirement and compromise win, so an older JWKS cannot hide a later revocation, nor a bundle one.
 */
export const stricterLifecycle = (a: KeyLifecycle, b: KeyLifecycle): KeyLifecycle | string => {
  if (a.createdAt !== b.createdAt) return `createdAt is ${a.createdAt} in the bundle, ${b.createdAt} in the keys`;
  const earlier = (x: string | null, y: string | null): string | null =>
    x === null ? y : y === null ? x : x < y ? x : y;
  return {
    createdAt: a.createdAt,
    retiredAt: earlier(a.retiredAt, b.retiredAt),
    compromisedAt: earlier(a.compromisedAt, b.compromisedAt),
  };
};

const LIFECYCLE_MEMBERS = ['createdAt', 'retiredAt', 'compromisedAt'];
const JWK_MEMBERS = ['kty', 'crv', 'x', 'kid', 'use', 'alg'];

/**
 * Keys with their lifecycle from a JWKS: the one served at /.well-known/tai-receipt-keys.json
 * (`served`: members `status` too, `retired` exactly when `retiredAt` is there) or a bundle's (format 2:
 * no status). Any other member, a kid twice or a malformed date is refused, naming the entry.
 */
export const lifecycleKeysFromJwks = (value: unknown, served: boolean): LifecycleKey[] => {
  const keys = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['keys'] : undefined;
  if (!Array.isArray(keys) || Object.keys(value as object).length !== 1)
    throw new DomainError('TAI-RECEIPT-KEY-INVALID', { detail: 'a JWKS is an object with only a keys array' });
  const allowed = [...JWK_MEMBERS, ...LIFECYCLE_MEMBERS, ...(served ? ['status'] : [])];
  const out = keys.map((item, i): LifecycleKey => {
    const path = `/keys/${i}`;
    const key = publicKeyFromJwk(item, path, allowed);
    const jwk = item as Record<string, unknown>;
    const lifecycle = lifecycleOf(jwk);
    if (typeof lifecycle === 'string') throw new DomainError('TAI-RECEIPT-KEY-INVALID', { detail: lifecycle, path });
    if (served && jwk['status'] !== (lifecycle.retiredAt === null ? 'active' : 'retired'))
      throw new DomainError('TAI-RECEIPT-KEY-INVALID', {
        detail: 'status is retired exactly when retiredAt is present, else active',
        path: `${path}/status`,
      });
    return { ...key, lifecycle };
  });
  if (new Set(out.map((k) => k.kid)).size !== out.length)
    throw new DomainError('TAI-RECEIPT-KEY-INVALID', { detail: 'a kid appears twice', path: '/keys' });
  return out;
};
