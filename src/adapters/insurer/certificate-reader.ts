/**
 * Certificate reads through the cache: a fresh hit makes no call; concurrent misses for one id share one
 * call; a transient failure falls back to the last live-verified copy within the grace; a permanent one evicts.
 */
import type { InsurerPolicy } from '../../domain/insurance/policy.ts';
import type { InsurerError, VerifiedCertificate } from '../../domain/insurance/verification.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { ok, type Result } from '../../domain/shared/result.ts';
import type { Logger } from '../logger/interface.ts';
import type { Metrics } from '../metrics/interface.ts';
import { traceFields } from './call.ts';
import { INSURER_METRICS, type CallOptions } from './interface.ts';
import { isFresh, isWithinGrace, type CertificateCache } from './policies/cache.ts';

type Live = (id: string, options: CallOptions) => Promise<Result<VerifiedCertificate, InsurerError>>;

interface ReaderDeps {
  readonly live: Live;
  readonly cache: CertificateCache;
  readonly clock: Clock;
  readonly policy: InsurerPolicy;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export const createCertificateReader = (deps: ReaderDeps) => {
  const inflight = new Map<string, Promise<Result<VerifiedCertificate, InsurerError>>>();
  const lookup = (result: string): void => deps.metrics.inc(INSURER_METRICS.cacheLookups, { result });

  const live = async (id: string, options: CallOptions): Promise<Result<VerifiedCertificate, InsurerError>> => {
    const r = await deps.live(id, options);
    if (r.ok) {
      deps.cache.set(id, r.value);
      lookup('miss');
      return r;
    }
    if (r.error.kind === 'permanent') {
      deps.cache.delete(id);
      lookup('error');
      return r;
    }
    const entry = deps.cache.get(id);
    if (entry === undefined || !isWithinGrace(entry, deps.clock.now(), deps.policy.staleGraceMs)) {
      lookup('error');
      return r;
    }
    lookup('stale');
    const ageMs = deps.clock.now() - entry.verifiedAt;
    deps.logger.warn(
      { event: 'insurer_stale', subject: id, reason: r.error.code, ageMs, ...traceFields(options) },
      'serving stale certificate',
    );
    return ok({ ...entry, source: 'stale', staleBecause: r.error.code });
  };

  return (id: string, options: CallOptions = {}): Promise<Result<VerifiedCertificate, InsurerError>> => {
    const entry = deps.cache.get(id);
    if (entry !== undefined && options.fresh !== true && isFresh(entry, deps.clock.now(), deps.policy.cacheTtlMs)) {
      lookup('hit');
      return Promise.resolve(ok({ ...entry, source: 'cache' }));
    }
    const pending = inflight.get(id);
    if (pending !== undefined) return pending;
    const p = live(id, options).finally(() => inflight.delete(id));
    inflight.set(id, p);
    return p;
  };
};
