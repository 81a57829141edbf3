/** The preview: a channel's message for the sample of a type, or the validator's problems. */
import { describe, expect, it } from 'vitest';
import { previewTemplate } from './preview.ts';

describe('template preview', () => {
  it('renders the default against the sample, as the channel would send it', () => {
    const email = previewTemplate('certificate.revoked', 'email');
    expect(email.ok && email.message.subject).toBe('RED ALERT: insurance certificate revoked: Acme Robotics');
    expect(email.ok && email.message.to).toBe('ops@acme.example');
    const page = previewTemplate('customer.restored', 'pagerduty');
    expect(page.ok && page.message.event.event_action).toBe('resolve');
  });

  it('renders an override, and refuses one that does not validate', () => {
    const slack = previewTemplate('deployment.failed', 'slack', {
      title: 'Failed: {{facts.deploymentId}}',
      text: '{{facts.reason}}',
    });
    expect(slack.ok && slack.message.text).toBe('Failed: dep_01jsample00000000000000000');
    expect(previewTemplate('deployment.failed', 'slack', { title: '{{#x}}', text: '' })).toEqual({
      ok: false,
      problems: ['title: Unclosed section "x" at 6'],
    });
  });
});
