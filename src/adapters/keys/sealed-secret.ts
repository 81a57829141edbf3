/**
 * Secrets the service must use again later (customers' webhook signing secrets), stored sealed with
 * AES-256-GCM: `sealed.v1.<iv>.<ciphertext and tag>`, base64url, a fresh 96-bit IV each time. The sealed
 * value is bound to what it belongs to (its endpoint id, as additional data), so a sealed secret copied
 * onto another row does not open. The key is derived with HKDF-SHA-256 from the audit secret
 * (TAI_AUDIT_SECRET_PATH) under its own label, so no second key file has to be created, kept and
 * backed up; the label keeps the two uses apart.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'sealed.v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const keys = new WeakMap<Uint8Array, Buffer>();

/** The webhook-secrets key of an audit secret (32 bytes; the same for the same secret). */
export const webhookSecretsKey = (auditSecret: Uint8Array): Buffer => {
  let key = keys.get(auditSecret);
  if (key === undefined) {
    key = Buffer.from(hkdfSync('sha256', auditSecret, 'tai-autonomics', 'webhook signing secrets v1', 32));
    keys.set(auditSecret, key);
  }
  return key;
};

export const isSealed = (value: string): boolean => value.startsWith(PREFIX);

export const sealSecret = (key: Uint8Array, plain: string, boundTo: string): string => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}${iv.toString('base64url')}.${body.toString('base64url')}`;
};

/** The plain secret, or null when the value is not sealed, was sealed for something else or altered. */
export const openSealed = (key: Uint8Array, sealed: string, boundTo: string): string | null => {
  if (!isSealed(sealed)) return null;
  const [ivText, bodyText, ...rest] = sealed.slice(PREFIX.length).split('.');
  if (ivText === undefined || bodyText === undefined || rest.length > 0) return null;
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
};
