/**
 * The email as nodemailer composes it, the same for SMTP and for the development .eml files: text and
 * HTML parts, a Message-ID made from the delivery id (so a resend is recognisable as the same message),
 * and no file or URL access from the content.
 */
import type { EmailMessage } from '../../../../domain/delivery/messages/types.ts';

/** The domain of the From address, which Message-IDs are minted under. */
const mailDomain = (from: string): string => /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'tai-autonomics.invalid';

const messageIdOf = (id: string, from: string): string => `<${id}@${mailDomain(from)}>`;

interface MailOptions {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly disableFileAccess: true;
  readonly disableUrlAccess: true;
}

export const mailOptions = (m: EmailMessage, from: string): MailOptions => ({
  from,
  to: m.to,
  subject: m.subject,
  text: m.text,
  html: m.html,
  messageId: messageIdOf(m.id, from),
  headers: {
    'X-TAI-Notification-Type': m.type,
    'X-TAI-Notification-Ids': m.notificationIds.slice(-20).join(' '),
    'Auto-Submitted': 'auto-generated',
  },
  disableFileAccess: true,
  disableUrlAccess: true,
});
