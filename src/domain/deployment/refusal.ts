/**
 * What a refused deploy tells the customer: lapsed insurance (with the way back), or a limit of the
 * contract (with the numbers and the upgrade path). Refusals for a malformed request tell nobody.
 */
import type { ContractLimits } from '../customer/types.ts';
import type { ErrorCode } from '../errors/catalog/index.ts';
import type { NotificationDraft } from '../notifications/types.ts';
import { isoOf } from '../shared/clock.ts';
import type { DeploymentUsage } from './types.ts';

const UPGRADE_PATH =
  'Remove a deployment you no longer need (DELETE /v1/deployments/{id}), or ask your account manager to raise the limits of your contract.';
const RENEW_PATH = 'Ask your account manager to renew or extend your contract.';

const INSURANCE: ReadonlySet<ErrorCode> = new Set(['TAI-READONLY-CUSTOMER', 'TAI-MODE-INSURANCE-REQUIRED']);

interface DeployRefusal {
  readonly id: string;
  readonly customerId: string;
  readonly code: ErrorCode;
  readonly reason: string | null;
  readonly target: string;
  readonly artifact: string;
  readonly requested: number;
  /** Known when the refusal came from the capacity check. */
  readonly usage: DeploymentUsage | null;
  readonly limits: ContractLimits | null;
}

export const deployRefusalNotice = (r: DeployRefusal, nowMs: number): NotificationDraft | null => {
  const base = { customerId: r.customerId, at: isoOf(nowMs), incident: null, dedupeKey: `deploy.refused:${r.id}` };
  if (INSURANCE.has(r.code)) {
    return {
      ...base,
      type: 'deployment.failed_insurance',
      severity: 'warning',
      dedupeKey: `deployment.failed_insurance:${r.id}`,
      facts: { deploymentId: null, target: r.target, artifact: r.artifact, reason: r.reason ?? r.code },
    };
  }
  const limits = r.limits;
  const usage = r.usage;
  switch (r.code) {
    case 'TAI-DEPLOY-CAPACITY-EXCEEDED':
      return {
        ...base,
        type: 'deploy.refused',
        severity: 'warning',
        facts: {
          code: r.code,
          limit: limits?.capacityUnits ?? null,
          used: usage?.capacityUnits ?? null,
          requested: r.requested,
          upgradePath: UPGRADE_PATH,
        },
      };
    case 'TAI-DEPLOY-MAX-ACTIVE':
      return {
        ...base,
        type: 'deploy.refused',
        severity: 'warning',
        facts: {
          code: r.code,
          limit: limits?.maxActiveDeployments ?? null,
          used: usage?.count ?? null,
          requested: 1,
          upgradePath: UPGRADE_PATH,
        },
      };
    case 'TAI-MODE-CONTRACT-INACTIVE':
      return {
        ...base,
        type: 'deploy.refused',
        severity: 'warning',
        facts: { code: r.code, limit: null, used: null, requested: null, upgradePath: RENEW_PATH },
      };
    default:
      return null;
  }
};
