/**
 * Marketplace publish. Pre-flight in the documented order (the key holds marketplace:publish; not
 * read-only; the mode allows it; the contract is in force and includes "publish"; the pricing version
 * exists and validates), then ONE transaction applying the publish's effects (domain/listing/publish.ts):
 * freeze the version, the receipt, the listing with its insurance reference, the audit event. The whole
 * request has a deadline; past it the transaction rolls back and nothing changed.
 */
import { utcDay } from '../../domain/customer/types.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { planPublish } from '../../domain/listing/publish.ts';
import type { Visibility } from '../../domain/listing/types.ts';
import { receiptStamp } from '../../domain/mode/index.ts';
import type { SignedReceipt } from '../../domain/receipts/receipt-format.ts';
import { newId } from '../../domain/shared/ids.ts';
import { requireScope } from '../auth/require.ts';
import { actorName, type VerbArgs } from '../context.ts';
import { applyAfterCommit, applyInTransaction, type Applied } from '../effects/apply-effects.ts';
import { runIdempotent, type IdempotentResponse } from '../idempotency/run-idempotent.ts';
import { pricingVersionInForce, pricingVersionNumbered } from '../pricing/versions-cache.ts';
import { nextReceiptId } from '../receipts/append-receipt.ts';
import { ATTR, inSpan, spanAttributes, spanEvent } from '../../adapters/tracing/spans.ts';
import { traceCustomer, underSpan } from '../traced.ts';
import { countingErrors } from './count-errors.ts';
import { clearOperation, refuseCleared } from './gate.ts';
import { recheckInTransaction } from './recheck.ts';

export const PUBLISH_DEADLINE_MS = 5_000;

interface PublishInput {
  readonly body: {
    readonly pricingVersion?: number;
    readonly segment: string;
    readonly visibility: Visibility;
  };
  readonly idempotencyKey: string | undefined;
  readonly path: string;
  /** True once the request's deadline has passed (wall time, from the edge). */
  readonly expired: () => boolean;
}

interface Published {
  readonly listingId: string;
  readonly receipt: SignedReceipt;
}

export const publishListing = ({
  ctx,
  input,
}: VerbArgs<PublishInput>): Promise<{ response: IdempotentResponse; replayed: boolean }> =>
  inSpan(ctx.trace, 'publish', undefined, (span) =>
    countingErrors(ctx, 'tai_publish_requests_total', () => publish({ ctx: underSpan(ctx, span), input })),
  );

const publish = async ({
  ctx,
  input,
}: VerbArgs<PublishInput>): Promise<{ response: IdempotentResponse; replayed: boolean }> => {
  const actor = await requireScope(ctx, 'marketplace:publish');
  const { body } = input;
  const cleared = await clearOperation(ctx, actor, 'publish', body);
  const { customer, authorization } = cleared;
  traceCustomer(ctx, customer.id, authorization);
  spanEvent(ctx.trace, 'publish.started');
  let version: number;
  try {
    const scope = ctx.store.scope(customer.id);
    const chosen =
      body.pricingVersion === undefined
        ? await pricingVersionInForce(scope, utcDay(ctx.clock.now()))
        : await pricingVersionNumbered(scope, body.pricingVersion);
    version = chosen.version;
  } catch (e) {
    return refuseCleared(ctx, cleared, e instanceof DomainError ? e : new DomainError('TAI-INTERNAL', { cause: e }));
  }

  const done: { applied?: Applied } = {};
  const result = await runIdempotent(
    ctx,
    { customerId: customer.id, key: input.idempotencyKey, method: 'POST', path: input.path, body },
    async (tx) => {
      const scope = tx.forCustomer(customer.id);
      await scope.lock();
      await recheckInTransaction(ctx, scope, cleared);
      const receiptId = await nextReceiptId(scope, ctx.clock);
      const now = ctx.clock.now();
      const plan = planPublish(
        {
          customerId: customer.id,
          listingId: newId('lst', now),
          receiptId,
          pricingVersion: version,
          request: body,
          segment: body.segment,
          visibility: body.visibility,
          stamp: receiptStamp(authorization),
          actor: actorName(actor),
        },
        now,
      );
      const applied = await applyInTransaction(tx, ctx, plan.effects);
      done.applied = applied;
      if (input.expired())
        throw new DomainError('TAI-OPERATION-TIMEOUT', {
          detail: `publish passed its ${PUBLISH_DEADLINE_MS} ms deadline`,
        });
      const published: Published = { listingId: plan.listing.id, receipt: applied.receipts[0] as SignedReceipt };
      return { statusCode: 201, body: published };
    },
  );
  if (done.applied !== undefined) applyAfterCommit(ctx, done.applied);
  if (ctx.trace !== undefined) {
    const published = result.response.body as Partial<Published> | undefined;
    spanAttributes(ctx.trace, { [ATTR.listing]: published?.listingId, [ATTR.receipt]: published?.receipt?.body.id });
    spanEvent(ctx.trace, 'publish.complete', { replayed: result.replayed });
  }
  return result;
};
