/** Turns a bearer token into an Actor, or a DomainError with a stable code. */
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { nowIso } from '../context.ts';
import { parseApiKeyToken, secretMatches } from './secrets.ts';

export interface AuthDeps {
  readonly ctx: ServiceContext;
  /** SHA-256 hex of the admin token. */
  readonly adminTokenHash: string;
}

const TOUCH_EVERY_MS = 60_000;
const lastTouched = new Map<string, number>();

export const authenticate = async (deps: AuthDeps, authorization: string | undefined): Promise<Actor> => {
  const m = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const token = m?.[1];
  if (!token) throw new DomainError('TAI-AUTH-MISSING');

  const parsed = parseApiKeyToken(token);
  if (!parsed) {
    if (secretMatches(token, deps.adminTokenHash)) return { kind: 'admin' };
    throw new DomainError('TAI-AUTH-INVALID', { detail: 'token is neither the admin token nor a well-formed API key' });
  }
  const row = await deps.ctx.store.read((r) => r.apiKeyForAuth(parsed.keyId));
  // Hash something even for an unknown id, so timing does not reveal which ids exist.
  const ok = secretMatches(parsed.secret, row?.secretHash ?? '0'.repeat(64));
  if (!row || !ok)
    throw new DomainError('TAI-AUTH-INVALID', {
      detail: `key ${parsed.keyId}: ${row ? 'wrong secret' : 'unknown id'}`,
    });
  if (row.key.revokedAt !== null) throw new DomainError('TAI-AUTH-REVOKED', { detail: `key ${row.key.id}` });

  const now = deps.ctx.clock.now();
  if (now - (lastTouched.get(row.key.id) ?? 0) >= TOUCH_EVERY_MS) {
    lastTouched.set(row.key.id, now);
    await deps.ctx.store.touchApiKey(row.key.id, nowIso(deps.ctx));
  }
  return { kind: 'customer', customerId: row.key.customerId, keyId: row.key.id, scopes: row.key.scopes };
};
