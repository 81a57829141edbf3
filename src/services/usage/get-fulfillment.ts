/**
 * The contract fulfillment report of one customer (admin): services delivered from the receipts, peak
 * usage against each limit from the deployments' records, days insured and read-only from the
 * lifecycle's audit events, and whether each contract term was met.
 */
import type { StoreReader } from '../../adapters/store/interface.ts';
import type { Deployment } from '../../domain/deployment/types.ts';
import { pseudonymize } from '../../domain/receipts/audit-chain.ts';
import { buildFulfillment, type FulfillmentReport } from '../../domain/usage/fulfillment.ts';
import { insuranceDays, type InsuranceEvent, type InsuranceMark } from '../../domain/usage/insurance-days.ts';
import { peakUsage } from '../../domain/usage/peak.ts';
import { parseDayRange } from '../../domain/usage/range.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { nowIso } from '../context.ts';
import { findCustomer } from '../customers/find-customer.ts';

const PAGE = 500;

const allDeployments = async (r: StoreReader, customerId: string): Promise<Deployment[]> => {
  const out: Deployment[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await r.forCustomer(customerId).deployments({ limit: PAGE, after });
    out.push(...page.items);
    if (page.next === null) return out;
    after = page.next;
  }
};

/** Every audit event of one type for the customer before `to`, as insurance marks. */
const marks = async (
  r: StoreReader,
  pseudonym: string,
  type: string,
  mark: InsuranceMark,
  to: string,
  keep?: (details: Record<string, unknown>) => boolean,
): Promise<InsuranceEvent[]> => {
  const out: InsuranceEvent[] = [];
  let afterSeq: number | undefined;
  for (;;) {
    const rows = await r.auditEvents({
      limit: PAGE,
      afterSeq,
      to,
      type,
      customerPseudonym: pseudonym,
      outcome: undefined,
    });
    for (const row of rows) {
      if (keep === undefined) out.push({ atMs: Date.parse(row.at), mark });
      // Only the first kept event matters (the first verification); later ones change nothing.
      else if (keep(JSON.parse(row.details) as Record<string, unknown>)) return [{ atMs: Date.parse(row.at), mark }];
    }
    if (rows.length < PAGE) return out;
    afterSeq = rows.at(-1)?.seq;
  }
};

// A check verifies the customer's insurance when it confirmed a live certificate (not an ignored answer).
const liveCheck = (d: Record<string, unknown>): boolean => d['ignored'] !== true && d['status'] === 'active';

export const getFulfillment = async ({
  ctx,
  input,
}: VerbArgs<{
  readonly customerId: string;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}>): Promise<FulfillmentReport> => {
  await requireAdmin(ctx);
  const customer = await findCustomer(ctx, input.customerId);
  const now = ctx.clock.now();
  const range = parseDayRange(input.from, input.to, now);
  const fromIso = `${range.from}T00:00:00.000Z`;
  const toIso = `${range.to}T00:00:00.000Z`;
  const pseudonym = pseudonymize(customer.id, ctx.auditSecret);
  return ctx.store.read(async (r) => {
    const scope = r.forCustomer(customer.id);
    const [contract, receiptCounts, deployments, current, verified, degraded, recovered] = await Promise.all([
      scope.currentContract(),
      r.receiptCountsByKind(customer.id, fromIso, toIso),
      allDeployments(r, customer.id),
      scope.activeDeploymentUsage(),
      marks(r, pseudonym, 'certificate.checked', 'verified', toIso, liveCheck),
      marks(r, pseudonym, 'certificate.degraded', 'degraded', toIso),
      marks(r, pseudonym, 'certificate.recovered', 'recovered', toIso),
    ]);
    return buildFulfillment({
      customer,
      range,
      generatedAt: nowIso(ctx),
      contract: contract?.document ?? null,
      receiptCounts,
      peak: peakUsage(deployments, Date.parse(fromIso), Date.parse(toIso)),
      current: { activeDeployments: current.count, capacityUnits: current.capacityUnits },
      insurance: insuranceDays([...verified, ...degraded, ...recovered], range, now),
    });
  });
};
