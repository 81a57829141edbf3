/** Rendered messages: escaping per part, coalesced reports, stable ids and bytes, PagerDuty actions. */
import { describe, expect, it } from 'vitest';
import type { Notification } from '../notification.ts';
import { SAMPLE_CONTEXT, SAMPLES } from '../samples.ts';
import { defaultTemplate } from '../templates/defaults.ts';
import { emailMessage } from './email.ts';
import { pagerDutyMessage } from './pagerduty.ts';
import { slackMessage } from './slack.ts';
import { webhookMessage } from './webhook.ts';

const hostile: Notification = {
  ...SAMPLES['deployment.failed'],
  facts: { ...SAMPLES['deployment.failed'].facts, reason: '<script>alert("x")</script> & more' },
};
const context = SAMPLE_CONTEXT;
const at = (n: Notification, iso: string, id: string): Notification => ({ ...n, at: iso, id });

describe('email', () => {
  const base = {
    template: defaultTemplate('deployment.failed', 'email'),
    context,
    audience: 'customer',
    to: 'ops@acme.example',
  } as const;

  it('escapes facts in the HTML part and leaves the text part as written', () => {
    const m = emailMessage({ ...base, lead: hostile, earlier: [] });
    expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;&#x2F;script&gt; &amp; more');
    expect(m.html).not.toContain('<script>');
    expect(m.text).toContain('<script>alert("x")</script> & more');
    expect(m.id).toBe(`${hostile.id}.customer`);
    expect(m.subject).toBe('Deployment failed: dep_01jsample00000000000000000');
  });

  it('reports what the rate limit held: the count, the first instant, and the first few by subject', () => {
    const earlier = Array.from({ length: 12 }, (_, i) =>
      at(SAMPLES['deployment.failed'], `2026-03-01T10:${String(i).padStart(2, '0')}:00.000Z`, `ntf_${i}`),
    );
    const m = emailMessage({ ...base, lead: at(hostile, '2026-03-01T11:00:00.000Z', 'ntf_lead'), earlier });
    expect(m.text).toContain(
      'And 12 more since 2026-03-01 10:00 UTC:\n- 2026-03-01 10:00 UTC: Deployment failed: dep_',
    );
    expect(m.text).toContain('- ... and 2 more');
    expect(m.html).toContain('<p>And 12 more since 2026-03-01 10:00 UTC:</p>');
    expect(m.notificationIds).toEqual([...earlier.map((n) => n.id), 'ntf_lead']);
  });

  it('folds a multi-line subject into one line', () => {
    const m = emailMessage({
      ...base,
      template: { ...base.template, subject: 'a\n\n  b' },
      lead: hostile,
      earlier: [],
    });
    expect(m.subject).toBe('a b');
  });
});

describe('slack', () => {
  it('Block Kit with a plain-text header, an mrkdwn body escaped for Slack, and a fallback text', () => {
    const m = slackMessage({
      lead: hostile,
      earlier: [],
      template: defaultTemplate('deployment.failed', 'slack'),
      context,
    });
    expect(m.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Deployment failed: dep_01jsample00000000000000000' },
    });
    expect(JSON.stringify(m.blocks[1])).toContain('&lt;script&gt;alert(\\"x\\")&lt;/script&gt; &amp; more');
    expect(m.text).toBe('Deployment failed: dep_01jsample00000000000000000');
    const coalesced = slackMessage({
      lead: hostile,
      earlier: [SAMPLES['deployment.failed']],
      template: defaultTemplate('deployment.failed', 'slack'),
      context,
    });
    expect(coalesced.text).toBe(
      'Deployment failed: dep_01jsample00000000000000000 (and 1 more since 2026-03-01 09:30 UTC)',
    );
    expect(coalesced.blocks).toHaveLength(4);
  });
});

describe('pagerduty', () => {
  it('triggers with the incident key as dedup_key and the facts as custom details', () => {
    const n = SAMPLES['certificate.revoked'];
    const m = pagerDutyMessage({
      notification: n,
      template: defaultTemplate(n.type, 'pagerduty'),
      context,
      source: 'tai.example',
    });
    expect(m.event).toMatchObject({
      event_action: 'trigger',
      dedup_key: 'cus_01jsample0000000000000000:insurance',
      payload: {
        summary: 'RED ALERT: insurance certificate revoked: Acme Robotics',
        source: 'tai.example',
        severity: 'critical',
        component: 'certificate',
        class: 'certificate.revoked',
        custom_details: { reason: 'policy cancelled', customer: 'Acme Robotics', notification: n.id },
      },
    });
  });

  it('resolves the same key on recovery, and keys a notification without an incident by its dedupe key', () => {
    const restored = SAMPLES['customer.restored'];
    expect(
      pagerDutyMessage({
        notification: restored,
        template: defaultTemplate(restored.type, 'pagerduty'),
        context,
        source: 's',
      }).event,
    ).toEqual({
      event_action: 'resolve',
      dedup_key: 'cus_01jsample0000000000000000:insurance',
    });
    const plain = SAMPLES['deployment.failed'];
    expect(
      pagerDutyMessage({
        notification: plain,
        template: defaultTemplate(plain.type, 'pagerduty'),
        context,
        source: 's',
      }).event.dedup_key,
    ).toBe(plain.dedupeKey);
  });
});

describe('webhook', () => {
  it('is the Standard Webhooks envelope in canonical JSON, byte-identical on every render', () => {
    const n = SAMPLES['deployment.failed'];
    const make = () => webhookMessage({ notification: n, template: defaultTemplate(n.type, 'webhook'), context });
    expect(make().body).toBe(make().body);
    const body = JSON.parse(make().body);
    expect(body).toMatchObject({ type: 'deployment.failed', timestamp: n.at, data: { id: n.id, facts: n.facts } });
    expect(make().id).toBe(n.id);
  });
});
