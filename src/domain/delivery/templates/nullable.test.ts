/**
 * Facts a producer may leave null (a lapse before any certificate was linked, an insurer never reached,
 * a refusal without a limit) render as no words, not as "null" or empty brackets, in every default.
 * The nullable facts are those of the producer's Notification type.
 */
import { describe, expect, it } from 'vitest';
import { emailMessage } from '../messages/email.ts';
import { pagerDutyMessage } from '../messages/pagerduty.ts';
import { slackMessage } from '../messages/slack.ts';
import { NOTIFICATION_TYPES, type Notification, type NotificationType } from '../notification.ts';
import { SAMPLE_CONTEXT, SAMPLES } from '../samples.ts';
import { defaultTemplate } from './defaults.ts';

const NULLABLE: Partial<Record<NotificationType, readonly string[]>> = {
  'certificate.expired': ['certificateId', 'expiresAt'],
  'certificate.revoked': ['certificateId', 'expiresAt'],
  'certificate.suspended': ['certificateId', 'expiresAt'],
  'certificate.verification_rejected': ['certificateId'],
  'insurer.unreachable': ['graceEndsAt', 'lastVerifiedAt'],
  'insurer.grace_exhausted': ['graceEndedAt', 'lastVerifiedAt'],
  'deployment.failed_insurance': ['deploymentId'],
  'deployment.failed': ['exitCode'],
  'deploy.refused': ['limit', 'used', 'requested'],
};

const sparse = (type: NotificationType): Notification => {
  const n = SAMPLES[type];
  const facts = { ...n.facts };
  for (const f of NULLABLE[type] ?? []) facts[f] = null;
  return { ...n, facts };
};

describe('default templates with null facts', () => {
  it.each(NOTIFICATION_TYPES)('%s reads well without them', (type) => {
    const n = sparse(type);
    const context = SAMPLE_CONTEXT;
    const email = emailMessage({
      lead: n,
      earlier: [],
      template: defaultTemplate(type, 'email'),
      context,
      audience: 'customer',
      to: 'a@b.example',
    });
    const slack = slackMessage({ lead: n, earlier: [], template: defaultTemplate(type, 'slack'), context });
    const page = pagerDutyMessage({
      notification: n,
      template: defaultTemplate(type, 'pagerduty'),
      context,
      source: 's',
    });
    const summary = page.event.event_action === 'trigger' ? page.event.payload.summary : '';
    for (const text of [email.subject, email.text, slack.text, JSON.stringify(slack.blocks[1]), summary]) {
      expect(text).not.toMatch(/null|\(\)|\( | {2}|\s[.,;:]|:\s*$/);
    }
  });
});
