/** The email channel from configuration: SMTP when TAI_SMTP_URL is set, else .eml files under <data dir>/mail. */
import { join } from 'node:path';
import type { ChannelAdapter } from '../interface.ts';
import type { Secret } from '../secret.ts';
import { createEmlFileEmail } from './eml-file.ts';
import { createSmtpEmail } from './smtp.ts';

interface EmailOptions {
  readonly smtpUrl: Secret | undefined;
  readonly from: string;
  readonly dataDir: string;
  readonly timeoutMs?: number;
}

export const createEmailChannel = (options: EmailOptions): ChannelAdapter<'email'> =>
  options.smtpUrl === undefined
    ? createEmlFileEmail({ dir: join(options.dataDir, 'mail'), from: options.from })
    : createSmtpEmail({
        url: options.smtpUrl,
        from: options.from,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
