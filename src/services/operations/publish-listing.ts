/**
 * Marketplace publish. Pre-flight in the documented order (authenticated and scoped at the edge; not
 * read-only; the mode allows it; the contract is in force and includes "publish"; the pricing version
 * exists and validates), then ONE transaction: freeze the version, write the listing with its insurance
 * reference, the receipt and the audit event. The whole request has a deadline; past it the transaction
 * rolls back and nothing changed.
 */
import type { Listing } from '../../adapters/store/interface.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { utcDay } from '../../domain/customer/types.ts';
import { modeStamp } from '../../domain/mode/index.ts';
import { newId } from '../../domain/shared/ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso, type Actor, type ServiceContext } from '../context.ts';
import { runIdempotent, type IdempotentResponse } from '../idempotency/run-idempotent.ts';
import { pricingVersionInForce, pricingVersionNumbered } from '../pricing/versions-cache.ts';
import { appendReceipt } from '../receipts/append-receipt.ts';
import { clearOperation, refuseLater } from './gate.ts';

export const PUBLISH_DEADLINE_MS = 5_000;

export interface PublishInput {
  readonly actor: Actor & { kind: 'customer' };
  readonly body: {
    readonly pricingVersion?: number;
    readonly segment: string;
    readonly visibility: Listing['visibility'];
  };
  readonly idempotencyKey: string | undefined;
  readonly path: string;
  /** True once the request's deadline has passed (wall time, from the edge). */
  readonly expired: () => boolean;
}

export const publishListing = async (
  ctx: ServiceContext,
  input: PublishInput,
): Promise<{ response: IdempotentResponse; replayed: boolean }> => {
  const { actor, body } = input;
  const cleared = await clearOperation(ctx, actor, 'publish', body);
  const { customer, authorization } = cleared;
  let version: number;
  try {
    const scope = ctx.store.scope(customer.id);
    const chosen =
      body.pricingVersion === undefined
        ? await pricingVersionInForce(scope, utcDay(ctx.clock.now()))
        : await pricingVersionNumbered(scope, body.pricingVersion);
    version = chosen.version;
  } catch (e) {
    return refuseLater(
      ctx,
      actor,
      cleared,
      'publish',
      e instanceof DomainError ? e : new DomainError('TAI-INTERNAL', { cause: e }),
    );
  }

  return runIdempotent(
    ctx,
    { customerId: customer.id, key: input.idempotencyKey, method: 'POST', path: input.path, body },
    async (tx) => {
      const scope = tx.forCustomer(customer.id);
      await scope.lock();
      const at = nowIso(ctx);
      await scope.freezePricingVersion(version, at);
      const listingId = newId('lst', ctx.clock.now());
      const { receipt } = await appendReceipt(tx, ctx, {
        customerId: customer.id,
        kind: 'publish',
        mode: authorization.mode,
        authority: authorization.authority,
        request: body,
        result: { listingId, pricingVersion: version, segment: body.segment, visibility: body.visibility },
        contractReference: authorization.contractReference,
        insurance: authorization.insurance,
        disclaimer: modeStamp(authorization).disclaimer ?? null,
      });
      await scope.insertListing({
        id: listingId,
        customerId: customer.id,
        pricingVersion: version,
        segment: body.segment,
        visibility: body.visibility,
        authority: authorization.authority,
        insurance: authorization.insurance,
        receiptId: receipt.body.id,
        createdAt: at,
      });
      await recordAudit(tx, ctx, {
        type: 'publish.completed',
        actor,
        customerId: customer.id,
        outcome: 'success',
        details: { listingId, pricingVersion: version, authority: authorization.authority, receiptId: receipt.body.id },
      });
      if (input.expired())
        throw new DomainError('TAI-OPERATION-TIMEOUT', {
          detail: `publish passed its ${PUBLISH_DEADLINE_MS} ms deadline`,
        });
      return { statusCode: 201, body: { listingId, receipt } };
    },
  );
};
