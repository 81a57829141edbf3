/**
 * One customer as the ops dashboard shows it (admin): its insurance view, the lifecycle's audit events
 * (every certificate.* event but routine successful checks) as the certificate timeline, its certificate_event
 * receipts, its most recent receipts and latest signed checkpoint, its deployments and the notifications sent.
 */
import type { AttemptRow, DeliveryRow, StoredReceipt } from '../../adapters/store/interface.ts';
import type { LifecycleView } from '../../domain/certificate/index.ts';
import type { Customer } from '../../domain/customer/types.ts';
import type { Deployment } from '../../domain/deployment/index.ts';
import type { AuditRow } from '../../domain/receipts/audit-chain.ts';
import { queryAudit } from '../audit/query-audit.ts';
import type { VerbArgs } from '../context.ts';
import { getCustomer } from '../customers/get-customer.ts';
import { listNotifications } from '../delivery/list-notifications.ts';
import { getInsurance } from '../lifecycle/get-insurance.ts';
import { witnessedCheckpoint } from '../receipts/ledger-reads.ts';
import type { ServedCheckpoint } from '../receipts/served-checkpoint.ts';

const SHOWN = 20;
const TIMELINE_SCAN = 500;

export interface CustomerOps {
  readonly customer: Customer;
  readonly insurance: LifecycleView;
  readonly timeline: readonly AuditRow[];
  /** Seq to pass as `after` for later timeline events, or null. */
  readonly timelineNext: number | null;
  readonly certificateReceipts: readonly StoredReceipt[];
  readonly recentReceipts: readonly StoredReceipt[];
  readonly receiptCount: number;
  readonly checkpoint: ServedCheckpoint;
  readonly deployments: readonly Deployment[];
  readonly notifications: readonly (DeliveryRow & { readonly attemptLog: readonly AttemptRow[] })[];
}

const isTimelineEvent = (e: AuditRow): boolean =>
  e.type.startsWith('certificate.') && !(e.type === 'certificate.checked' && e.outcome === 'success');

export const getCustomerOps = async ({
  ctx,
  input,
}: VerbArgs<{ customerId: string; timelineAfter?: number | undefined }>): Promise<CustomerOps> => {
  const customer = await getCustomer({ ctx, input });
  const insurance = await getInsurance({ ctx, input });
  const audit = await queryAudit({
    ctx,
    input: { customerId: customer.id, limit: TIMELINE_SCAN, afterSeq: input.timelineAfter },
  });
  const scope = ctx.store.scope(customer.id);
  const head = await scope.receiptHead();
  const size = head?.size ?? 0;
  const [certificateReceipts, recentReceipts, checkpoint, deployments, notifications] = await Promise.all([
    scope.receipts({ limit: 100, kind: 'certificate_event' }),
    scope.receipts({ limit: SHOWN, afterIndex: size - SHOWN - 1 }),
    witnessedCheckpoint(scope, ctx),
    ctx.store.read((r) => r.forCustomer(customer.id).deployments({ limit: 100 })),
    listNotifications({ ctx, input: { customerId: customer.id, limit: 100 } }),
  ]);
  return {
    customer,
    insurance,
    timeline: audit.items.filter(isTimelineEvent),
    timelineNext: audit.next,
    certificateReceipts,
    recentReceipts: [...recentReceipts].reverse(),
    receiptCount: size,
    checkpoint,
    deployments: [...deployments.items].reverse(),
    notifications: [...notifications.items].reverse(),
  };
};
