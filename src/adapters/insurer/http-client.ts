/** The insurer client over HTTP: the port wired to the call pipeline, the JWKS and the certificate cache. */
import { randomUUID } from 'node:crypto';
import { standingError } from '../../domain/insurance/insurer-error.ts';
import { DEFAULT_INSURER_POLICY, type InsurerPolicy } from '../../domain/insurance/policy.ts';
import { systemClock, type Clock } from '../../domain/shared/clock.ts';
import { err } from '../../domain/shared/result.ts';
import { attemptOnce, runOperation, type CallDeps } from './call.ts';
import { createCertificateReader } from './certificate-reader.ts';
import type { Logger } from '../logger/interface.ts';
import { silentLogger } from '../logger/silent.ts';
import type { Metrics } from '../metrics/interface.ts';
import { noopMetrics } from '../metrics/noop.ts';
import { INSURER_METRICS, type InsurerClient } from './interface.ts';
import { ProviderKeys } from './jwks.ts';
import { CircuitBreaker } from './policies/breaker.ts';
import { MemoryCertificateCache, type CertificateCache } from './policies/cache.ts';
import { SlidingWindowLimiter } from './policies/rate-limiter.ts';
import type { SharedBudget } from './policies/shared-budget.ts';
import { certificateFrom, parseJson, requestStateFrom, revocationFrom, ticketFrom } from './responses.ts';
import { createUndiciTransport, type Transport } from './transport.ts';

interface HttpInsurerClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly clock?: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly policy?: Partial<InsurerPolicy>;
  readonly cache?: CertificateCache;
  readonly transport?: Transport;
  readonly newIdempotencyKey?: () => string;
  /** Calls every instance on one database shares (PostgreSQL); the local limiter still bounds this one. */
  readonly sharedBudget?: SharedBudget;
  /** Plain http is refused except to loopback (the simulator) unless this is set. */
  readonly allowInsecureHttp?: boolean;
}

export interface HttpInsurerClient extends InsurerClient {
  close(): Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const seg = encodeURIComponent;

export const createHttpInsurerClient = (options: HttpInsurerClientOptions): HttpInsurerClient => {
  if (options.apiKey.length === 0) throw new TypeError('insurer client: apiKey is empty');
  const url = new URL(options.baseUrl);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (loopback || options.allowInsecureHttp === true))) {
    throw new TypeError(
      `insurer client: refusing to send the API key over ${url.protocol} to ${url.hostname}; use https`,
    );
  }
  const baseUrl = url.toString();
  const policy: InsurerPolicy = { ...DEFAULT_INSURER_POLICY, ...options.policy };
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? noopMetrics;
  const cache = options.cache ?? new MemoryCertificateCache(policy.cacheMaxEntries);
  const newKey = options.newIdempotencyKey ?? randomUUID;
  const breaker = new CircuitBreaker({
    failureThreshold: policy.breakerFailureThreshold,
    halfOpenAfterMs: policy.breakerHalfOpenAfterMs,
    clock,
    onTransition: (from, to) => {
      if (to === 'open') logger.warn({ event: 'insurer_breaker', from, to }, 'insurer circuit breaker opened');
      else logger.info({ event: 'insurer_breaker', from, to }, 'insurer circuit breaker');
      metrics.inc(INSURER_METRICS.breakerTransitions, { to });
      metrics.set(INSURER_METRICS.breakerOpen, to === 'open' ? 1 : 0);
    },
  });
  const deps: CallDeps = {
    transport: options.transport ?? createUndiciTransport(baseUrl),
    apiKey: options.apiKey,
    policy,
    clock,
    sleep,
    random: options.random ?? Math.random,
    logger,
    metrics,
    breaker,
    limiter: new SlidingWindowLimiter({
      limit: policy.rateLimitPerWindow,
      windowMs: policy.rateLimitWindowMs,
      maxQueue: policy.rateLimitMaxQueue,
      clock,
      sleep,
    }),
    ...(options.sharedBudget === undefined ? {} : { sharedBudget: options.sharedBudget }),
  };
  const keys = new ProviderKeys(
    () =>
      attemptOnce(
        deps,
        {
          name: 'get_jwks',
          request: { method: 'GET', path: '/.well-known/jwks.json' },
          authenticated: false,
          interpret: (ex) => Promise.resolve(parseJson(ex)),
        },
        1,
        clock.now() + policy.requestTimeoutMs,
      ),
    clock,
    policy,
    (outcome) => metrics.inc(INSURER_METRICS.jwksFetches, { outcome }),
  );
  const post = (path: string, body: unknown) => ({
    method: 'POST' as const,
    path,
    body: JSON.stringify(body),
    // One key per logical call, reused by every retry, so a retried POST cannot create two requests.
    headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
  });

  const read = createCertificateReader({
    cache,
    clock,
    policy,
    logger,
    metrics,
    live: (id, callOptions) =>
      runOperation(
        deps,
        {
          name: 'get_certificate',
          subject: id,
          request: { method: 'GET', path: `/v1/certificates/${seg(id)}` },
          authenticated: true,
          interpret: (ex) => certificateFrom(ex, id, keys, clock.now()),
        },
        callOptions,
      ),
  });

  return {
    getCertificateDetails: read,
    async verifyCertificate(id, callOptions) {
      const r = await read(id, callOptions);
      if (!r.ok) return r;
      const notInForce = standingError(r.value, clock.now());
      return notInForce === null ? r : err(notInForce);
    },
    getRevocationStatus: (id, callOptions) =>
      runOperation(
        deps,
        {
          name: 'get_revocation',
          subject: id,
          request: { method: 'GET', path: `/v1/certificates/${seg(id)}/revocation` },
          authenticated: true,
          interpret: (ex) => revocationFrom(ex, id, keys),
        },
        callOptions,
      ),
    requestCertificate: (insured, callOptions) =>
      runOperation(
        deps,
        {
          name: 'request_certificate',
          request: post('/v1/certificates', { insured: { name: insured.name, reference: insured.reference } }),
          authenticated: true,
          interpret: (ex) => Promise.resolve(ticketFrom(ex, clock.now())),
        },
        callOptions,
      ),
    async pollCertificateRequest(requestId, callOptions) {
      const r = await runOperation(
        deps,
        {
          name: 'poll_certificate_request',
          subject: requestId,
          request: { method: 'GET', path: `/v1/certificate-requests/${seg(requestId)}` },
          authenticated: true,
          interpret: (ex) => requestStateFrom(ex, keys, clock.now()),
        },
        callOptions,
      );
      if (r.ok && r.value.status === 'issued')
        cache.set(r.value.certificate.document.certificateId, r.value.certificate);
      return r;
    },
    renewCertificate: (id, callOptions) =>
      runOperation(
        deps,
        {
          name: 'renew_certificate',
          subject: id,
          request: post(`/v1/certificates/${seg(id)}/renew`, {}),
          authenticated: true,
          interpret: (ex) => Promise.resolve(ticketFrom(ex, clock.now())),
        },
        callOptions,
      ),
    health: () => ({
      breaker: breaker.state,
      calls: {
        inWindow: deps.limiter.inWindow(clock.now()),
        limit: policy.rateLimitPerWindow,
        windowMs: policy.rateLimitWindowMs,
      },
    }),
    close: () => deps.transport.close(),
  };
};
