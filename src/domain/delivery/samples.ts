/**
 * A sample of every notification type with plausible facts, and a sample customer: templates are
 * validated and previewed against these, and the docs show them.
 */
import type { Facts, Incident, Notification, NotificationType, Severity } from './notification.ts';
import type { RenderContext } from './templates/view.ts';

export const SAMPLE_CONTEXT: RenderContext = {
  customer: { id: 'cus_01jsample0000000000000000', name: 'Acme Robotics', contactEmail: 'ops@acme.example' },
};

const CUS = SAMPLE_CONTEXT.customer?.id ?? null;
const CERT = 'cert_01jsample0000000000000000';
const DEP = 'dep_01jsample00000000000000000';
const AT = '2026-03-01T09:30:00.000Z';
const LAPSE: Incident = { key: `${CUS}:insurance`, action: 'trigger' };

const sample = (
  type: NotificationType,
  severity: Severity,
  facts: Facts,
  over: { readonly customerId?: string | null; readonly incident?: Incident | null } = {},
): Notification => ({
  id: `ntf_sample_${type.replace('.', '_')}`,
  type,
  severity,
  customerId: over.customerId === undefined ? CUS : over.customerId,
  at: AT,
  dedupeKey: `sample:${type}`,
  incident: over.incident ?? null,
  facts,
});

const deployment = { deploymentId: DEP, target: 'command', artifact: 'registry.example/acme:1.0' };

export const SAMPLES: Readonly<Record<NotificationType, Notification>> = {
  'certificate.expiring': sample('certificate.expiring', 'warning', {
    certificateId: CERT,
    expiresAt: '2026-03-08T00:00:00.000Z',
    daysLeft: 7,
    threshold: '7d',
  }),
  'certificate.expired': sample(
    'certificate.expired',
    'critical',
    { certificateId: CERT, expiresAt: AT, reason: 'expired' },
    { incident: LAPSE },
  ),
  'certificate.revoked': sample(
    'certificate.revoked',
    'critical',
    { certificateId: CERT, expiresAt: '2026-12-31T00:00:00.000Z', reason: 'policy cancelled' },
    { incident: LAPSE },
  ),
  'certificate.suspended': sample(
    'certificate.suspended',
    'critical',
    { certificateId: CERT, expiresAt: '2026-12-31T00:00:00.000Z', reason: 'premium unpaid' },
    { incident: LAPSE },
  ),
  'certificate.verification_rejected': sample(
    'certificate.verification_rejected',
    'error',
    { certificateId: CERT, code: 'signature_invalid' },
    { incident: { key: `${CUS}:verification`, action: 'trigger' } },
  ),
  'certificate.renewal_halted': sample(
    'certificate.renewal_halted',
    'error',
    { certificateId: CERT, code: 'underwriting_declined' },
    { incident: { key: `${CUS}:renewal`, action: 'trigger' } },
  ),
  'insurer.unreachable': sample(
    'insurer.unreachable',
    'warning',
    { graceEndsAt: '2026-03-08T09:30:00.000Z', lastVerifiedAt: '2026-03-01T03:30:00.000Z', code: 'timeout' },
    { incident: LAPSE },
  ),
  'insurer.grace_exhausted': sample(
    'insurer.grace_exhausted',
    'critical',
    { graceEndedAt: AT, lastVerifiedAt: '2026-02-22T03:30:00.000Z' },
    { incident: LAPSE },
  ),
  'customer.read_only': sample('customer.read_only', 'warning', { reason: 'revoked', since: AT }),
  'customer.restored': sample(
    'customer.restored',
    'info',
    { since: '2026-02-27T12:00:00.000Z', restoredAt: AT },
    { incident: { ...LAPSE, action: 'resolve' } },
  ),
  'system.read_only': sample(
    'system.read_only',
    'warning',
    { reason: 'maintenance', since: AT },
    { customerId: null, incident: { key: 'system:read_only', action: 'trigger' } },
  ),
  'system.restored': sample(
    'system.restored',
    'info',
    { since: '2026-03-01T08:00:00.000Z' },
    { customerId: null, incident: { key: 'system:read_only', action: 'resolve' } },
  ),
  'deployment.failed_insurance': sample('deployment.failed_insurance', 'error', {
    ...deployment,
    reason: 'certificate revoked during the deployment',
  }),
  'deployment.failed': sample('deployment.failed', 'error', { ...deployment, reason: 'exit_code', exitCode: 2 }),
  'deployment.rolled_back': sample(
    'deployment.rolled_back',
    'error',
    { ...deployment, note: 'health check failed after 3 attempts' },
    { incident: { key: `${DEP}:rolled_back`, action: 'trigger' } },
  ),
  'deploy.refused': sample('deploy.refused', 'warning', {
    code: 'TAI-DEPLOY-CAPACITY-EXCEEDED',
    limit: 100,
    used: 95,
    requested: 10,
    upgradePath: 'Raise limits.capacityUnits in the contract, or remove a deployment.',
  }),
  'webhook.disabled': sample('webhook.disabled', 'warning', {
    endpointId: 'whe_01jsample0000000000000000',
    url: 'https://hooks.acme.example/tai',
  }),
};
