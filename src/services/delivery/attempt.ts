/**
 * One attempt of one claimed delivery: compose, send, then record in one transaction the attempt, what
 * follows it (delivered, a retry at its jittered time, or the dead letters) and its audit event (type,
 * channel, outcome, the address pseudonymized, never the message). A crash between the send and the
 * record leaves the delivery leased and unrecorded: once the lease runs out it is sent again, with the
 * same ids, so the receiver can drop the repeat. A webhook endpoint that answers 410 is disabled and its
 * customer told by email.
 */
import { ATTR, inSpan, spanAttributes } from '../../adapters/tracing/spans.ts';
import { traceCustomer, underSpan } from '../traced.ts';
import type { SendOutcome } from '../../adapters/notifier/channels/interface.ts';
import type { AttemptEnd, AttemptRow, DeliveryRow, StoreTx } from '../../adapters/store/interface.ts';
import { pseudonymize } from '../../domain/receipts/audit-chain.ts';
import { isMisconfigured } from '../../domain/delivery/misconfigured.ts';
import { afterAttempt, RETRY_SCHEDULES } from '../../domain/delivery/retry.ts';
import { newId } from '../../domain/shared/ids.ts';
import { isoOf } from '../../domain/shared/clock.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { composeDelivery } from './compose.ts';
import type { DeliveryDeps } from './deps.ts';

type AttemptSummary = 'delivered' | 'retry' | 'dead' | 'lost-lease';

const sendOne = async (
  ctx: ServiceContext,
  deps: DeliveryDeps,
  d: DeliveryRow,
  signal: AbortSignal | undefined,
): Promise<{ readonly outcome: SendOutcome; readonly address: string }> => {
  const composed = await ctx.store.read((r) => composeDelivery(r, deps, d));
  if (!composed.ok) return { outcome: { kind: 'permanent', error: composed.error }, address: '' };
  const adapter = deps.channels[composed.channel] as {
    send(input: unknown, o: { signal?: AbortSignal }): Promise<SendOutcome>;
  };
  const outcome = await adapter.send(composed.input, signal === undefined ? {} : { signal });
  return { outcome, address: composed.address };
};

/** The customer is told by email that their endpoint was disabled (delivery's own notification). */
const disableEndpoint = async (tx: StoreTx, d: DeliveryRow, nowMs: number): Promise<void> => {
  if (d.customerId === null || d.endpointId === null) return;
  const e = await tx.webhookEndpoint(d.customerId, d.endpointId);
  if (e === undefined || e.status !== 'enabled') return;
  await tx.updateWebhookEndpoint({ ...e, status: 'disabled', updatedAt: isoOf(nowMs) });
  const id = newId('ntf', nowMs);
  await tx.enqueueNotification({
    id,
    type: 'webhook.disabled',
    customerId: d.customerId,
    dedupeKey: `webhook.disabled:${e.id}:${e.updatedAt}`,
    payload: {
      id,
      type: 'webhook.disabled',
      severity: 'warning',
      customerId: d.customerId,
      at: isoOf(nowMs),
      dedupeKey: `webhook.disabled:${e.id}:${e.updatedAt}`,
      incident: null,
      facts: { endpointId: e.id, url: e.url },
    },
    createdAt: isoOf(nowMs),
  });
};

/** One attempt (a `notification.deliver` span when tracing is on). */
export const attemptDelivery = (
  ctx: ServiceContext,
  deps: DeliveryDeps,
  d: DeliveryRow,
  signal?: AbortSignal,
): Promise<AttemptSummary> =>
  inSpan(
    ctx.trace,
    'notification.deliver',
    { [ATTR.channel]: d.channel, 'tai.notification.type': d.type },
    async (span) => {
      const under = underSpan(ctx, span);
      if (d.customerId !== null) traceCustomer(under, d.customerId);
      const summary = await attemptOnce(under, deps, d, signal);
      spanAttributes(span, { 'tai.notification.outcome': summary });
      return summary;
    },
  );

const attemptOnce = async (
  ctx: ServiceContext,
  deps: DeliveryDeps,
  d: DeliveryRow,
  signal: AbortSignal | undefined,
): Promise<AttemptSummary> => {
  const { outcome, address } = await sendOne(ctx, deps, d, signal);
  const nowMs = ctx.clock.now();
  const attempt = d.attempts + 1;
  const next = afterAttempt(d.channel, attempt, outcome, nowMs, deps.random(), deps.schedules ?? RETRY_SCHEDULES);
  const end: AttemptEnd =
    next.kind === 'retry'
      ? { status: 'pending', nextAttemptAt: next.at, finishedAt: null }
      : { status: next.kind === 'done' ? 'delivered' : 'dead', nextAttemptAt: nowMs, finishedAt: isoOf(nowMs) };
  const row: AttemptRow = {
    deliveryId: d.id,
    attempt,
    at: isoOf(nowMs),
    outcome: outcome.kind,
    status: outcome.status ?? null,
    latencyMs: outcome.kind === 'delivered' ? outcome.latencyMs : null,
    error: outcome.kind === 'delivered' ? null : outcome.error,
    owner: deps.owner,
  };
  const summary: AttemptSummary =
    end.status === 'pending' ? 'retry' : end.status === 'delivered' ? 'delivered' : 'dead';
  const recorded = await ctx.store.transaction(async (tx) => {
    if (!(await tx.recordAttempt(row, end))) return false;
    if (end.status !== 'pending') await tx.settleNotifications([...d.covers, d.notificationId], row.at);
    if (d.channel === 'webhook' && outcome.kind === 'permanent' && outcome.status === 410)
      await disableEndpoint(tx, d, nowMs);
    await recordAudit(tx, ctx, {
      type: 'notification.attempt',
      actor: 'system',
      customerId: d.customerId,
      outcome: summary === 'delivered' ? 'success' : 'failure',
      details: {
        delivery: d.id,
        type: d.type,
        channel: d.channel,
        target: d.target.startsWith('webhook.') ? 'webhook' : d.target,
        attempt,
        result: summary,
        status: row.status,
        to: address === '' ? null : pseudonymize(address, ctx.auditSecret),
      },
    });
    return true;
  });
  if (!recorded) return 'lost-lease';
  ctx.metrics.inc('tai_notifications_sent_total', { channel: d.channel, outcome: summary });
  const misconfigured = isMisconfigured(d.channel, outcome);
  if (misconfigured)
    ctx.metrics.inc('tai_notifications_misconfigured_total', { channel: d.channel, status: String(outcome.status) });
  const fields = { delivery: d.id, type: d.type, channel: d.channel, attempt, outcome: summary, status: row.status };
  if (outcome.kind === 'delivered' && outcome.savedTo !== undefined)
    ctx.logger.info({ ...fields, file: outcome.savedTo }, 'notification email written to a file (no TAI_SMTP_URL)');
  else if (summary === 'delivered') ctx.logger.info(fields, 'notification delivered');
  else
    ctx.logger.warn(
      { ...fields, error: row.error },
      misconfigured
        ? 'notification channel misconfigured; dead-lettered'
        : summary === 'dead'
          ? 'notification dead-lettered'
          : 'notification delivery failed; will retry',
    );
  return summary;
};
