/** Email over SMTP against a real SMTP server (smtp-server), each message parsed back with mailparser. */
import { describe, expect, it } from 'vitest';
import { emailMessage } from '../../../../domain/delivery/messages/email.ts';
import { SAMPLE_CONTEXT, SAMPLES } from '../../../../domain/delivery/samples.ts';
import { defaultTemplate } from '../../../../domain/delivery/templates/defaults.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../../../../../test/support/receivers/smtp.ts';
import { describeChannelContract } from '../contract.ts';
import { Secret } from '../secret.ts';
import { createSmtpEmail } from './smtp.ts';

const FROM = 'TAI Autonomics <notifications@tai.example>';
const USER = 'mailer';
const PASS = 'p@ss w0rd:secret';
const WRONG = 'not the pass:secret';

const message = (id: string, over: Partial<Parameters<typeof emailMessage>[0]> = {}) =>
  emailMessage({
    lead: { ...SAMPLES['deployment.failed'], id },
    earlier: [],
    template: defaultTemplate('deployment.failed', 'email'),
    context: SAMPLE_CONTEXT,
    audience: 'customer',
    to: 'ops@acme.example',
    ...over,
  });

const smtp = (r: SmtpReceiver, url = r.url) => createSmtpEmail({ url: new Secret(url), from: FROM });

describeChannelContract('email (SMTP)', async () => {
  const r = await startSmtpReceiver({ user: USER, pass: PASS });
  return {
    adapter: smtp(r),
    input: (id) => message(id),
    // Message-ID <ntf_...customer@tai.example> carries the delivery id.
    accepted: () => r.messages.map((m) => /^<(ntf_[a-z0-9_]+)\./.exec(m.messageId ?? '')?.[1] ?? ''),
    answerRetryable: () => r.fail({ kind: 'reply', phase: 'data', code: 451, message: '4.3.0 Try again later' }),
    answerPermanent: () => r.fail({ kind: 'reply', phase: 'rcpt', code: 550, message: '5.1.1 No such user' }),
    hangNext: () => r.fail({ kind: 'hang' }),
    dropNext: () => r.fail({ kind: 'drop' }),
    arrived: r.arrived,
    secrets: [PASS, WRONG, r.url],
    misconfigured: () => smtp(r, r.url.replace(encodeURIComponent(PASS), encodeURIComponent(WRONG))),
    close: r.close,
  };
});

describe('email over SMTP', () => {
  it('sends text and HTML parts with a Message-ID made from the delivery id', async () => {
    const r = await startSmtpReceiver();
    const mail = smtp(r);
    try {
      expect(await mail.send(message('ntf_parts'))).toMatchObject({ kind: 'delivered', status: 250 });
      const m = r.messages[0];
      expect(m?.messageId).toBe('<ntf_parts.customer@tai.example>');
      expect(m?.subject).toBe('Deployment failed: dep_01jsample00000000000000000');
      expect(m?.text).toContain('What to do: Check the artifact');
      expect(m?.html).toContain('<p><strong>What to do:</strong> Check the artifact');
      expect(m?.from?.value[0]).toMatchObject({ name: 'TAI Autonomics', address: 'notifications@tai.example' });
      expect(m?.headers.get('x-tai-notification-type')).toBe('deployment.failed');
    } finally {
      await mail.close();
      await r.close();
    }
  });

  it('a refused login is permanent and names neither user:pass nor the URL', async () => {
    const r = await startSmtpReceiver({ user: USER, pass: PASS });
    const mail = smtp(r, r.url.replace(encodeURIComponent(PASS), encodeURIComponent(WRONG)));
    try {
      const outcome = await mail.send(message('ntf_auth'));
      expect(outcome).toMatchObject({ kind: 'permanent', status: 535 });
      expect(outcome.kind === 'permanent' && outcome.error).toMatch(/^SMTP EAUTH 535/);
    } finally {
      await mail.close();
      await r.close();
    }
  });

  it('SMTP 4xx is retried and 5xx is permanent, at RCPT TO as at DATA', async () => {
    const r = await startSmtpReceiver();
    const mail = smtp(r);
    try {
      r.fail({ kind: 'reply', phase: 'rcpt', code: 452, message: '4.2.2 Mailbox full' });
      expect(await mail.send(message('ntf_a'))).toMatchObject({ kind: 'retry', status: 452 });
      r.fail({ kind: 'reply', phase: 'data', code: 554, message: '5.7.1 Message rejected' });
      expect(await mail.send(message('ntf_b'))).toMatchObject({ kind: 'permanent', status: 554 });
    } finally {
      await mail.close();
      await r.close();
    }
  });

  it('no server listening is a retry', async () => {
    const r = await startSmtpReceiver();
    const url = r.url;
    await r.close();
    const mail = smtp(r, url);
    expect(await mail.send(message('ntf_down'))).toMatchObject({ kind: 'retry', error: 'SMTP ESOCKET' });
    await mail.close();
  });
});
