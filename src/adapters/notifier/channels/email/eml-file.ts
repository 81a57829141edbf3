/**
 * The development fallback without TAI_SMTP_URL: each message composed exactly as SMTP would send it,
 * written as `<data dir>/mail/<delivery id>.eml` (a resend overwrites its own file), and its path handed
 * back so the caller can log it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import type { ChannelAdapter } from '../interface.ts';
import { mailOptions } from './compose.ts';

interface EmlOptions {
  /** The directory the files go into: `<data dir>/mail`. */
  readonly dir: string;
  readonly from: string;
}

/** Delivery ids are `<notification id>.<audience>`; anything else is made safe for a file name. */
const fileName = (id: string): string => `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;

export const createEmlFileEmail = (options: EmlOptions): ChannelAdapter<'email'> => {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    channel: 'email',
    configured: true,
    async send(message) {
      const started = performance.now();
      try {
        const info = await composer.sendMail(mailOptions(message, options.from));
        await mkdir(options.dir, { recursive: true, mode: 0o700 });
        const path = join(options.dir, fileName(message.id));
        await writeFile(path, info.message as Buffer, { mode: 0o600 });
        return { kind: 'delivered', latencyMs: Math.round(performance.now() - started), savedTo: path };
      } catch (e) {
        const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : 'unknown';
        return { kind: 'retry', error: `could not write the .eml file (${code})` };
      }
    },
    close: () => Promise.resolve(),
  };
};
