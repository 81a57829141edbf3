/** The development fallback: the composed message as an .eml file under <data dir>/mail, its path returned. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { emailMessage } from '../../../../domain/delivery/messages/email.ts';
import { SAMPLE_CONTEXT, SAMPLES } from '../../../../domain/delivery/samples.ts';
import { defaultTemplate } from '../../../../domain/delivery/templates/defaults.ts';
import { createEmailChannel } from './index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('email without TAI_SMTP_URL (development)', () => {
  it('writes <data dir>/mail/<delivery id>.eml, the same file again on a resend', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tai-mail-'));
    dirs.push(dataDir);
    const mail = createEmailChannel({ smtpUrl: undefined, from: 'TAI <notifications@tai.example>', dataDir });
    const msg = emailMessage({
      lead: SAMPLES['certificate.revoked'],
      earlier: [],
      template: defaultTemplate('certificate.revoked', 'email'),
      context: SAMPLE_CONTEXT,
      audience: 'customer',
      to: 'ops@acme.example',
    });
    const first = await mail.send(msg);
    const again = await mail.send(msg);
    const path = join(dataDir, 'mail', 'ntf_sample_certificate_revoked.customer.eml');
    expect(first).toMatchObject({ kind: 'delivered', savedTo: path });
    expect(again).toMatchObject({ kind: 'delivered', savedTo: path });
    expect(readdirSync(join(dataDir, 'mail'))).toEqual(['ntf_sample_certificate_revoked.customer.eml']);
    const parsed = await simpleParser(readFileSync(path));
    expect(parsed.messageId).toBe('<ntf_sample_certificate_revoked.customer@tai.example>');
    expect(parsed.subject).toBe('RED ALERT: insurance certificate revoked: Acme Robotics');
    expect(parsed.html).toContain('<strong>What to do:</strong>');
    expect(parsed.text).toContain('policy cancelled');
  });
});
