/**
 * The service's receipt keyring: exactly one active key, retired keys kept so old receipts still verify.
 * Serialized as JSON of private JWKs plus status and dates (the caller stores it with owner-only
 * permissions); published as a JWKS of public keys at GET /.well-known/tai-receipt-keys.json.
 */
import { isoOf } from '../shared/clock.ts';
import { DomainError } from '../errors/domain-error.ts';
import { publicKeyFromJwk, signingKeyFromJwk, toPrivateJwk, toPublicJwk } from './keys.ts';
import type { PublicJwk, PublicReceiptKey, SigningKey } from './keys.ts';
import { isIsoInstant } from './receipt-format.ts';

type KeyStatus = 'active' | 'retired';

export interface KeyringEntry {
  readonly key: SigningKey;
  readonly status: KeyStatus;
  readonly createdAt: string;
  readonly retiredAt: string | null;
  /** When the key is believed to have leaked (POST /v1/admin/receipt-keys/{kid}/revoke); null if never. */
  readonly compromisedAt: string | null;
}

export type Keyring = readonly KeyringEntry[];

/** A JWKS member as served: the public JWK plus when it was made and whether it still signs. */
interface JwksKey extends PublicJwk {
  readonly status: KeyStatus;
  readonly createdAt: string;
  readonly retiredAt?: string;
  readonly compromisedAt?: string;
}

export interface Jwks<K extends PublicJwk = PublicJwk> {
  readonly keys: readonly K[];
}

const invalid = (detail: string, path?: string): DomainError =>
  new DomainError('TAI-RECEIPT-KEY-INVALID', path === undefined ? { detail } : { detail, path });

export const newKeyring = (key: SigningKey, nowMs: number): Keyring => [
  { key, status: 'active', createdAt: isoOf(nowMs), retiredAt: null, compromisedAt: null },
];

/** Retires the active key and makes `fresh` the active one. */
export const rotateKeyring = (ring: Keyring, fresh: SigningKey, nowMs: number): Keyring => {
  if (ring.some((e) => e.key.kid === fresh.kid)) throw invalid(`key ${fresh.kid} is already in the keyring`);
  const at = isoOf(nowMs);
  return [
    ...ring.map((e): KeyringEntry => (e.status === 'active' ? { ...e, status: 'retired', retiredAt: at } : e)),
    { key: fresh, status: 'active', createdAt: at, retiredAt: null, compromisedAt: null },
  ];
};

/**
 * Marks `kid` compromised from `compromisedAt` on (an earlier date than one already recorded wins). The
 * active key is rotated out first, to `fresh`: a compromised key never signs again.
 */
export const revokeKeyring = (
  ring: Keyring,
  kid: string,
  compromisedAt: string,
  fresh: SigningKey,
  nowMs: number,
): Keyring => {
  const entry = ring.find((e) => e.key.kid === kid);
  if (entry === undefined) throw new DomainError('TAI-RECEIPT-KEY-UNKNOWN', { detail: kid });
  const refuse = (detail: string): DomainError =>
    new DomainError('TAI-RECEIPT-KEY-REVOCATION-INVALID', { detail, path: '/compromisedAt' });
  if (!isIsoInstant(compromisedAt)) throw refuse('not an instant');
  if (compromisedAt > isoOf(nowMs)) throw refuse('in the future');
  if (compromisedAt < entry.createdAt) throw refuse(`before the key was created (${entry.createdAt})`);
  const rotated = entry.status === 'active' ? rotateKeyring(ring, fresh, nowMs) : ring;
  return rotated.map((e): KeyringEntry => {
    if (e.key.kid !== kid) return e;
    const earliest = e.compromisedAt !== null && e.compromisedAt < compromisedAt ? e.compromisedAt : compromisedAt;
    return { ...e, compromisedAt: earliest };
  });
};

export const activeKey = (ring: Keyring): SigningKey => {
  const active = ring.filter((e) => e.status === 'active');
  const only = active[0];
  if (active.length !== 1 || only === undefined) throw invalid(`the keyring has ${active.length} active keys, not 1`);
  return only.key;
};

/** The public JWKS served at /.well-known/tai-receipt-keys.json: every key, active and retired. */
export const buildJwks = (ring: Keyring): Jwks<JwksKey> => ({
  keys: ring.map((e) => ({
    ...toPublicJwk(e.key),
    status: e.status,
    createdAt: e.createdAt,
    ...(e.retiredAt === null ? {} : { retiredAt: e.retiredAt }),
    ...(e.compromisedAt === null ? {} : { compromisedAt: e.compromisedAt }),
  })),
});

/** The key set of an export bundle: bare public JWKs, every member of which the verifier checks. */
export const bundleJwks = (keys: readonly PublicReceiptKey[]): Jwks => ({ keys: keys.map(toPublicJwk) });

const keysArray = (value: unknown): unknown[] => {
  const keys = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['keys'] : undefined;
  if (!Array.isArray(keys)) throw invalid('a JWKS is an object with a keys array', '/keys');
  return keys;
};

/** Reads a JWKS into public keys; `served` also admits the status and date members of buildJwks. */
export const publicKeysFromJwks = (value: unknown, served = false): PublicReceiptKey[] => {
  const allowed = [
    'kty',
    'crv',
    'x',
    'kid',
    'use',
    'alg',
    ...(served ? ['status', 'createdAt', 'retiredAt', 'compromisedAt'] : []),
  ];
  const keys = keysArray(value).map((k, i) => publicKeyFromJwk(k, `/keys/${i}`, allowed));
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) throw invalid('a kid appears twice', '/keys');
  return keys;
};

export const serializeKeyring = (ring: Keyring): { keys: unknown[] } => ({
  keys: ring.map((e) => ({
    ...toPrivateJwk(e.key),
    status: e.status,
    createdAt: e.createdAt,
    retiredAt: e.retiredAt,
    compromisedAt: e.compromisedAt,
  })),
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const parseKeyring = (value: unknown): Keyring => {
  const ring = keysArray(value).map((item, i): KeyringEntry => {
    const path = `/keys/${i}`;
    const { status, createdAt, retiredAt, compromisedAt = null, ...jwk } = (item ?? {}) as Record<string, unknown>;
    if (status !== 'active' && status !== 'retired')
      throw invalid('status must be active or retired', `${path}/status`);
    if (typeof createdAt !== 'string' || !ISO.test(createdAt))
      throw invalid('createdAt must be an ISO instant', `${path}/createdAt`);
    if (
      !(retiredAt === null || (typeof retiredAt === 'string' && ISO.test(retiredAt))) ||
      (retiredAt === null) !== (status === 'active')
    ) {
      throw invalid('retiredAt is set exactly when the key is retired', `${path}/retiredAt`);
    }
    if (!(compromisedAt === null || (typeof compromisedAt === 'string' && ISO.test(compromisedAt))))
      throw invalid('compromisedAt must be null or an ISO instant', `${path}/compromisedAt`);
    return { key: signingKeyFromJwk(jwk, path), status, createdAt, retiredAt, compromisedAt };
  });
  activeKey(ring);
  return ring;
};
