/**
 * Idempotency keys (IETF httpapi idempotency-key draft; Stripe's semantics). The first request with a
 * key claims it; its response is stored in the SAME transaction as the operation, so a crash can never
 * leave an operation done without its stored response. The same key and request replays that response;
 * another request under the key is refused (422); a retry while the first is running gets 409. A request
 * that fails does not consume its key. Keys are kept 24 hours, per customer.
 */
import { createHash } from 'node:crypto';
import type { StoreTx } from '../../adapters/store/interface.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { canonicalize } from '../../domain/shared/canonical-json.ts';
import type { ServiceContext } from '../context.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** An in-flight claim older than this belongs to a request that died; a retry may take it over. */
export const IN_FLIGHT_TAKEOVER_MS = 5 * 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentResponse {
  readonly statusCode: number;
  readonly body: unknown;
}

interface IdempotencyRequest {
  readonly customerId: string;
  readonly key: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

export const fingerprintOf = (r: Pick<IdempotencyRequest, 'method' | 'path' | 'body'>): string =>
  createHash('sha256')
    .update(canonicalize({ method: r.method, path: r.path, body: r.body ?? null }))
    .digest('hex');

/** The instance a claim belongs to while in flight: recovery releases it when that instance is gone. */
const ownerOf = (ctx: ServiceContext): string | null =>
  // Contexts built for a single verb (tests, tools) may carry no operations at all.
  (ctx.operations as Partial<ServiceContext['operations']> | undefined)?.instance?.id ?? null;

type Claim = { kind: 'claimed' } | { kind: 'replay'; response: IdempotentResponse };

const claim = (ctx: ServiceContext, req: IdempotencyRequest & { key: string }, fingerprint: string): Promise<Claim> =>
  ctx.store.transaction(async (tx) => {
    const scope = tx.forCustomer(req.customerId);
    const now = ctx.clock.now();
    const existing = await scope.idempotencyKey(req.key);
    if (existing) {
      const expired = Date.parse(existing.expiresAt) <= now;
      const abandoned = existing.state === 'in_flight' && Date.parse(existing.createdAt) + IN_FLIGHT_TAKEOVER_MS <= now;
      if (expired || abandoned) await scope.releaseIdempotencyKey(req.key);
      else if (existing.fingerprint !== fingerprint)
        throw new DomainError('TAI-IDEMPOTENCY-MISMATCH', { detail: req.key });
      else if (existing.state === 'in_flight') throw new DomainError('TAI-IDEMPOTENCY-IN-FLIGHT', { detail: req.key });
      else
        return {
          kind: 'replay',
          response: {
            statusCode: existing.statusCode ?? 200,
            body: JSON.parse(existing.response ?? 'null') as unknown,
          },
        };
    }
    const claimed = await scope.claimIdempotencyKey({
      key: req.key,
      fingerprint,
      state: 'in_flight',
      statusCode: null,
      response: null,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + IDEMPOTENCY_TTL_MS).toISOString(),
      owner: ownerOf(ctx),
    });
    // Lost a race with a concurrent first request under the same key.
    if (!claimed) throw new DomainError('TAI-IDEMPOTENCY-IN-FLIGHT', { detail: req.key });
    return { kind: 'claimed' };
  });

export const runIdempotent = async (
  ctx: ServiceContext,
  req: IdempotencyRequest,
  operation: (tx: StoreTx) => Promise<IdempotentResponse>,
): Promise<{ response: IdempotentResponse; replayed: boolean }> => {
  const { key } = req;
  if (key === undefined) return { response: await ctx.store.transaction(operation), replayed: false };
  if (!KEY_PATTERN.test(key)) throw new DomainError('TAI-IDEMPOTENCY-KEY-INVALID');
  const claimed = await claim(ctx, { ...req, key }, fingerprintOf(req));
  if (claimed.kind === 'replay') return { response: claimed.response, replayed: true };
  const owner = ownerOf(ctx);
  try {
    const response = await ctx.store.transaction(async (tx) => {
      const r = await operation(tx);
      const completed = await tx
        .forCustomer(req.customerId)
        .completeIdempotencyKey(key, r.statusCode, JSON.stringify(r.body), owner);
      // Released as orphaned meanwhile (this instance lost its lease): another request may run it now.
      if (!completed) throw new DomainError('TAI-INSTANCE-FENCED', { detail: `idempotency key ${key}` });
      return r;
    });
    return { response, replayed: false };
  } catch (e) {
    // Only our own in-flight claim is released: a fenced one may already be another request's.
    await ctx.store.transaction((tx) =>
      owner === null
        ? tx.forCustomer(req.customerId).releaseIdempotencyKey(key)
        : tx.releaseClaim({ customerId: req.customerId, key, owner }).then(() => undefined),
    );
    throw e;
  }
};
