/**
 * A refused operation as data. Every refusal is audited and counted; an eval-mode refusal is also a
 * signed receipt, so the customer holds cryptographic evidence that the operation was refused. A
 * refusal may carry a notification (a deploy refused for capacity or for lapsed insurance).
 */
import type { Mode } from '../customer/types.ts';
import { count, type Effect } from '../effects/types.ts';
import type { ErrorCode } from '../errors/catalog/index.ts';
import type { NotificationDraft } from '../notifications/types.ts';
import type { Operation } from './authorize.ts';
import { DISCLAIMERS } from './decorate.ts';

interface RefusalRecord {
  readonly operation: Operation;
  readonly customerId: string;
  readonly actor: string;
  readonly code: ErrorCode;
  readonly detail: string | null;
  readonly request: unknown;
  readonly mode: Mode;
  readonly contractReference: string | null;
  /** Given only for a refusal that gets a receipt (see refusalReceipted). */
  readonly receiptId: string | null;
  readonly notification: NotificationDraft | null;
}

/** Eval-mode refusals are receipted; the others are audited only. */
export const refusalReceipted = (code: ErrorCode): boolean => code === 'TAI-MODE-EVAL';

const REQUESTS_METRIC = {
  publish: 'tai_publish_requests_total',
  deploy: 'tai_deploy_requests_total',
  configure: null,
} as const;

export const refusalEffects = (r: RefusalRecord): readonly Effect[] => {
  const fx: Effect[] = [];
  if (r.receiptId !== null) {
    fx.push({
      kind: 'receipt',
      receipt: {
        id: r.receiptId,
        customerId: r.customerId,
        kind: 'refusal',
        stamp: {
          mode: r.mode,
          authority: 'advisory',
          contractReference: r.contractReference,
          insurance: null,
          disclaimer: DISCLAIMERS.eval,
        },
        request: { operation: r.operation, request: r.request },
        result: { refused: true, code: r.code },
      },
    });
  }
  fx.push({
    kind: 'audit',
    type: `${r.operation}.attempt`,
    actor: r.actor,
    customerId: r.customerId,
    outcome: 'denied',
    details: { code: r.code, detail: r.detail, receiptId: r.receiptId },
  });
  const metric = REQUESTS_METRIC[r.operation];
  if (metric !== null) fx.push(count(metric, { outcome: 'refused' }));
  if (r.notification !== null) fx.push({ kind: 'notify', notification: r.notification });
  return fx;
};
