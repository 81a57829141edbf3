/**
 * The words of the default templates, one entry per type: a title, what happened, and what to do. They
 * are Mustache and become every channel's default (defaults.ts). Literal text here must not contain
 * markup: the same words land in HTML bodies.
 */
import type { NotificationType } from '../notification.ts';

export interface Copy {
  readonly title: string;
  readonly body: string;
  readonly action: string | null;
}

const CERT = '{{customer.name}}{{#facts.certificateId}} (certificate {{facts.certificateId}}){{/facts.certificateId}}';
const STOPPED = 'Publishing and deploying are stopped and the account is read-only; quotes and receipts keep working.';
const RENEW = 'Obtain a valid certificate from the insurer and link it. Writes resume once it has been verified.';

export const COPY: Readonly<Record<NotificationType, Copy>> = {
  'certificate.expiring': {
    title: 'Insurance certificate expires in {{facts.daysLeft}} days: {{customer.name}}',
    body: `The insurance certificate of ${CERT} expires on {{dates.expiresAt}} ({{facts.threshold}} warning).`,
    action: 'Renew the certificate with the insurer before it expires: when it lapses, publishing and deploying stop.',
  },
  'certificate.expired': {
    title: 'RED ALERT: insurance certificate expired: {{customer.name}}',
    body: `The insurance certificate of ${CERT} expired{{#dates.expiresAt}} on {{dates.expiresAt}}{{/dates.expiresAt}}. ${STOPPED}`,
    action: RENEW,
  },
  'certificate.revoked': {
    title: 'RED ALERT: insurance certificate revoked: {{customer.name}}',
    body: `The insurer revoked the insurance certificate of ${CERT} ({{facts.reason}}). ${STOPPED}`,
    action: RENEW,
  },
  'certificate.suspended': {
    title: 'RED ALERT: insurance certificate suspended: {{customer.name}}',
    body: `The insurer suspended the insurance certificate of ${CERT} ({{facts.reason}}). ${STOPPED}`,
    action: 'Settle the suspension with the insurer. Writes resume once the certificate verifies again.',
  },
  'certificate.verification_rejected': {
    title: 'Insurer rejected certificate verification: {{customer.name}}',
    body: `The insurer refused to verify the certificate of ${CERT} ({{facts.code}}).`,
    action: 'Check the certificate with the insurer (runbook: verification rejected).',
  },
  'certificate.renewal_halted': {
    title: 'Certificate renewal halted: {{customer.name}}',
    body: `The insurer refused the renewal of the certificate of ${CERT} ({{facts.code}}); automatic renewal stopped.`,
    action: 'Arrange the renewal with the insurer by hand before the certificate expires.',
  },
  'insurer.unreachable': {
    title: 'Insurer unreachable{{#dates.graceEndsAt}}: grace period until {{dates.graceEndsAt}}{{/dates.graceEndsAt}}',
    body:
      'The insurer cannot be reached ({{facts.code}}).{{#dates.graceEndsAt}} The last verified certificate' +
      '{{#customer}} of {{name}}{{/customer}} stays usable until {{dates.graceEndsAt}}.{{/dates.graceEndsAt}}' +
      '{{#dates.lastVerifiedAt}} It was last verified at {{dates.lastVerifiedAt}}.{{/dates.lastVerifiedAt}}',
    action: 'Check the insurer connection; writes stop when the grace period ends.',
  },
  'insurer.grace_exhausted': {
    title: 'Insurer grace period exhausted{{#customer}}: {{name}}{{/customer}}',
    body:
      'The grace period ended{{#dates.graceEndedAt}} at {{dates.graceEndedAt}}{{/dates.graceEndedAt}}' +
      '{{#dates.lastVerifiedAt}}; the certificate was last verified at {{dates.lastVerifiedAt}}{{/dates.lastVerifiedAt}}. Writes are stopped.',
    action: 'Restore the insurer connection; writes resume after the certificate verifies again.',
  },
  'customer.read_only': {
    title: 'Your account is read-only: {{customer.name}}',
    body: `Since {{dates.since}} the account of {{customer.name}} is read-only ({{facts.reason}}). ${STOPPED}`,
    action: RENEW,
  },
  'customer.restored': {
    title: 'Writes resumed: {{customer.name}}',
    body: 'The account of {{customer.name}} accepts publishing and deploying again since {{dates.restoredAt}} (read-only since {{dates.since}}).',
    action: null,
  },
  'system.read_only': {
    title: 'Service read-only: {{facts.reason}}',
    body: 'The whole service is read-only since {{dates.since}} ({{facts.reason}}). Every write is refused.',
    action: 'Follow the read-only runbook; lift it with PUT /v1/admin/read-only when the cause is fixed.',
  },
  'system.restored': {
    title: 'Service accepts writes again',
    body: 'The service accepts writes again (read-only since {{dates.since}}).',
    action: null,
  },
  'deployment.failed_insurance': {
    title: 'Deployment stopped, insurance lapsed{{#facts.deploymentId}}: {{facts.deploymentId}}{{/facts.deploymentId}}',
    body: 'The deployment{{#facts.deploymentId}} {{facts.deploymentId}}{{/facts.deploymentId}} of {{facts.artifact}} to {{facts.target}} was refused or rolled back because the insurance of {{customer.name}} lapsed ({{facts.reason}}).',
    action: 'Renew or link a valid certificate; once it has been verified, start the deployment again.',
  },
  'deployment.failed': {
    title: 'Deployment failed: {{facts.deploymentId}}',
    body: 'The deployment {{facts.deploymentId}} of {{facts.artifact}} to {{facts.target}} failed: {{facts.reason}}{{#facts.exitCode}} (exit code {{facts.exitCode}}){{/facts.exitCode}}.',
    action: 'Check the artifact and its parameters, then deploy again.',
  },
  'deployment.rolled_back': {
    title: 'Deployment rolled back: {{facts.deploymentId}}',
    body: 'The deployment {{facts.deploymentId}} of {{facts.artifact}} to {{facts.target}} was rolled back: {{facts.note}}.',
    action: null,
  },
  'deploy.refused': {
    title: 'Deployment refused: {{facts.code}}',
    body: 'A deployment of {{customer.name}} was refused ({{facts.code}}){{#facts.limit}}: {{facts.used}} of {{facts.limit}} in use, {{facts.requested}} requested{{/facts.limit}}.',
    action: '{{facts.upgradePath}}',
  },
  'webhook.disabled': {
    title: 'Webhook endpoint disabled: {{facts.url}}',
    body: 'The webhook endpoint {{facts.endpointId}} ({{facts.url}}) answered 410 Gone, so it was disabled and receives no more events.',
    action: 'Register the endpoint again (POST /v1/me/webhooks) when it is ready to receive events.',
  },
};
