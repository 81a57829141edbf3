/**
 * Security headers for an API (@fastify/helmet): nothing may be framed, scripted or embedded from an
 * answer (`default-src 'none'`, `frame-ancestors 'none'`), no referrer leaves, MIME types are not sniffed,
 * and HSTS is sent only when the service is reached over TLS (TAI_SERVED_OVER_TLS). The /docs UI gets the
 * policy @fastify/swagger-ui computes for its own scripts, never framed either.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';

export const securityHeaders = (servedOverTls: boolean): FastifyHelmetOptions => ({
  global: true,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  hsts: servedOverTls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  crossOriginEmbedderPolicy: false,
});

/** swagger-ui's own CSP, never framed, upgrading requests to HTTPS only when served over TLS. */
export const docsCsp =
  (servedOverTls: boolean) =>
  (header: string): string => {
    const framed = header.replace("frame-ancestors 'self'", "frame-ancestors 'none'");
    return servedOverTls ? framed : framed.replace(/\s*upgrade-insecure-requests;?/, '');
  };
