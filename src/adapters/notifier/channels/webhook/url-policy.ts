/**
 * Where a customer's webhook may point. Production: https only, and every address the name resolves to
 * must be public; the check runs inside the connection's own DNS lookup (guardedLookup), so the address
 * checked is the address connected to and a name that re-binds between check and connect cannot slip
 * through. Development and tests: https anywhere, and plain http to 127.0.0.1.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './addresses.ts';

export interface UrlPolicy {
  /** http: is allowed to exactly these hosts; anything else must be https:. */
  readonly httpHosts: readonly string[];
  /** Refuse non-public addresses, checked on every connection. */
  readonly publicOnly: boolean;
  /** Addresses let through even so (tests that prove the lookup is the one connected with). */
  readonly exempt?: readonly string[];
}

export const PRODUCTION_URL_POLICY: UrlPolicy = { httpHosts: [], publicOnly: true };
export const DEVELOPMENT_URL_POLICY: UrlPolicy = { httpHosts: ['127.0.0.1'], publicOnly: false };

export const urlPolicyFor = (profile: 'production' | 'development'): UrlPolicy =>
  profile === 'production' ? PRODUCTION_URL_POLICY : DEVELOPMENT_URL_POLICY;

const MAX_URL_LENGTH = 2048;

const allowedAddress = (address: string, policy: UrlPolicy): boolean =>
  !policy.publicOnly || (policy.exempt ?? []).includes(address) || isPublicAddress(address);

/** The static part of the policy, for registration and before each send. The reason is safe to show the customer. */
export const checkWebhookUrl = (
  raw: string,
  policy: UrlPolicy,
): { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly reason: string } => {
  if (raw.length > MAX_URL_LENGTH) return { ok: false, reason: `the URL is longer than ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const httpOk = url.protocol === 'http:' && policy.httpHosts.includes(host);
  if (url.protocol !== 'https:' && !httpOk) {
    return {
      ok: false,
      reason:
        policy.httpHosts.length > 0
          ? `only https: URLs (or http://${policy.httpHosts.join(', ')})`
          : 'only https: URLs',
    };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'the URL may not carry credentials' };
  if (isIP(host) !== 0 && !allowedAddress(host, policy))
    return { ok: false, reason: 'the URL names a non-public address' };
  return { ok: true, url };
};

export type Resolver = (hostname: string) => Promise<readonly { readonly address: string; readonly family: number }[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export const ADDRESS_REFUSED = 'TAI_ADDRESS_REFUSED';

/**
 * The DNS lookup for the webhook connections: resolves the name, refuses it when ANY address is not
 * allowed, and hands the connection exactly the addresses it checked.
 */
export const guardedLookup = (policy: UrlPolicy, resolve: Resolver = systemResolver): LookupFunction =>
  ((hostname: string, options: { readonly all?: boolean }, callback: (...args: unknown[]) => void): void => {
    resolve(hostname).then(
      (addresses) => {
        const first = addresses[0];
        if (first === undefined) {
          callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }));
        } else if (!addresses.every((a) => allowedAddress(a.address, policy))) {
          callback(Object.assign(new Error('non-public address'), { code: ADDRESS_REFUSED }));
        } else if (options.all) {
          callback(
            null,
            addresses.map((a) => ({ address: a.address, family: a.family })),
          );
        } else {
          callback(null, first.address, first.family);
        }
      },
      (e: unknown) => callback(e),
    );
  }) as LookupFunction;
