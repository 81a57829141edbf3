/**
 * Standard Webhooks signing: secrets are `whsec_` + base64 of the key; each signature is
 * `v1,` + base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>")), several separated by spaces while a
 * secret is being rotated, so the consumer accepts either.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Secret } from '../secret.ts';

const PREFIX = 'whsec_';
/** Standard Webhooks asks for 24 to 64 bytes of key. */
const KEY_BYTES = 32;

export const newWebhookSecret = (): string => `${PREFIX}${randomBytes(KEY_BYTES).toString('base64')}`;

/** The key bytes of a `whsec_` secret, or null when it is not one. */
const webhookKey = (secret: string): Buffer | null => {
  if (!secret.startsWith(PREFIX)) return null;
  const b64 = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  const key = Buffer.from(b64, 'base64');
  return key.length >= 24 && key.length <= 64 ? key : null;
};

export const signatureHeader = (keys: readonly Buffer[], id: string, timestamp: number, body: string): string =>
  keys.map((key) => `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`).join(' ');

/** The keys of an endpoint's secrets that are well formed (a malformed one signs nothing). */
export const keysOf = (secrets: readonly Secret[]): readonly Buffer[] =>
  secrets.map((s) => webhookKey(s.reveal())).filter((k): k is Buffer => k !== null);
