/**
 * An in-process model of the insurer (no HTTP): certificates per customer, renewal and provisioning with
 * the customer's behaviour (prompt, late, declined), seeded faults (timeouts, 429s, 5xx, outages), and a
 * strict count of its rate limit. The over-HTTP simulator is tested elsewhere.
 */
import type { CheckOutcome } from '../../src/domain/certificate/types.ts';
import type { RandomSource } from '../../src/domain/certificate/random.ts';
import { liveAt, startsAt } from '../../src/domain/certificate/dates.ts';
import type { CertificateDocument } from '../../src/domain/insurance/certificate.ts';

export type RenewalBehaviour =
  { readonly kind: 'prompt' } | { readonly kind: 'late'; readonly delayMs: number } | { readonly kind: 'declined' };

export interface InsuredProfile {
  readonly customerId: string;
  readonly lifetimeMs: number;
  readonly renewal: RenewalBehaviour;
}

export interface Outage {
  readonly from: number;
  readonly to: number;
}

interface Held {
  doc: CertificateDocument;
  /** When the status last changed (issue, revocation, suspension, reinstatement). */
  changedAt: number;
}

interface FaultRates {
  readonly timeout: number;
  readonly tooMany: number;
  readonly serverError: number;
}

export class ModelInsurer {
  readonly #certs = new Map<string, Held>();
  readonly #byCustomer = new Map<string, string[]>();
  readonly #successorOf = new Map<string, string>();
  readonly #renewalReadyAt = new Map<string, number>();
  readonly #provisionReadyAt = new Map<string, number>();
  readonly #calls: number[];
  #callHead = 0;
  #serial = 0;
  calls = 0;
  faults = 0;
  rateLimitViolations = 0;

  constructor(
    readonly profiles: ReadonlyMap<string, InsuredProfile>,
    readonly outages: readonly Outage[],
    readonly faultRates: FaultRates,
    readonly limitPerMinute: number,
    readonly random: RandomSource,
  ) {
    this.#calls = [];
  }

  inOutage(t: number): boolean {
    return this.outages.some((o) => o.from <= t && t < o.to);
  }

  issue(customerId: string, from: number, lifetimeMs: number, at: number): CertificateDocument {
    const id = `cert_${customerId}_${++this.#serial}`;
    const doc: CertificateDocument = {
      certificateId: id,
      policyNumber: `POL-${this.#serial}`,
      insurer: { name: 'Model Mutual', naic: '99999' },
      insured: { name: customerId, reference: customerId },
      coverages: [{ type: 'general_liability', eachOccurrence: '1000000', aggregate: '2000000', currency: 'USD' }],
      effectiveFrom: new Date(from).toISOString(),
      expiresAt: new Date(from + lifetimeMs).toISOString(),
      status: 'active',
      issuedAt: new Date(at).toISOString(),
    };
    this.#certs.set(id, { doc, changedAt: at });
    this.#byCustomer.set(customerId, [...(this.#byCustomer.get(customerId) ?? []), id]);
    return doc;
  }

  setStatus(certificateId: string, status: CertificateDocument['status'], at: number): void {
    const held = this.#certs.get(certificateId);
    if (held === undefined || held.doc.status === 'revoked') return;
    held.doc = { ...held.doc, status };
    held.changedAt = at;
  }

  /** Ground truth, for the invariants. */
  truth(certificateId: string): { readonly doc: CertificateDocument; readonly changedAt: number } | undefined {
    return this.#certs.get(certificateId);
  }

  /**
   * The customer's current certificate at `t` if it is live: the latest issued among those already in
   * force. A replaced certificate (say, an old renewal the customer abandoned) does not count.
   */
  liveCertificateOf(customerId: string, t: number): CertificateDocument | null {
    const ids = this.#byCustomer.get(customerId) ?? [];
    for (let i = ids.length - 1; i >= 0; i--) {
      const held = this.#certs.get(ids[i] ?? '');
      if (held === undefined || startsAt(held.doc) > t) continue;
      return liveAt(held.doc, t) ? held.doc : null;
    }
    return null;
  }

  /** Counts the call against the provider's limit and draws the faults every endpoint shares. */
  #call(t: number): CheckOutcome | null {
    this.calls++;
    if (this.#calls.length === this.limitPerMinute) {
      if ((this.#calls[this.#callHead] ?? 0) > t - 60_000) this.rateLimitViolations++;
      this.#calls[this.#callHead] = t;
      this.#callHead = (this.#callHead + 1) % this.limitPerMinute;
    } else {
      this.#calls.push(t);
    }
    const fail = (code: string): CheckOutcome => {
      this.faults++;
      return { kind: 'failed', failure: 'transient', code };
    };
    if (this.inOutage(t)) return fail('unavailable');
    const roll = this.random();
    const { timeout, tooMany, serverError } = this.faultRates;
    if (roll < timeout) return fail('timeout');
    if (roll < timeout + tooMany) return fail('http_429');
    if (roll < timeout + tooMany + serverError) return fail('http_503');
    return null;
  }

  check(certificateId: string, t: number): CheckOutcome {
    const fault = this.#call(t);
    if (fault !== null) return fault;
    const held = this.#certs.get(certificateId);
    return held === undefined
      ? { kind: 'failed', failure: 'permanent', code: 'not_found' }
      : { kind: 'verified', certificate: held.doc };
  }

  renew(customerId: string, certificateId: string, t: number): CheckOutcome {
    const fault = this.#call(t);
    if (fault !== null) return fault;
    const existing = this.#successorOf.get(certificateId);
    if (existing !== undefined) {
      const held = this.#certs.get(existing);
      if (held !== undefined) return { kind: 'verified', certificate: held.doc };
    }
    const held = this.#certs.get(certificateId);
    const profile = this.profiles.get(customerId);
    if (held === undefined || profile === undefined || held.doc.status === 'revoked')
      return { kind: 'failed', failure: 'permanent', code: 'not_renewable' };
    if (profile.renewal.kind === 'declined') return { kind: 'failed', failure: 'permanent', code: 'declined' };
    if (profile.renewal.kind === 'late') {
      const readyAt = this.#renewalReadyAt.get(certificateId) ?? t + profile.renewal.delayMs;
      this.#renewalReadyAt.set(certificateId, readyAt);
      if (t < readyAt) return { kind: 'failed', failure: 'transient', code: 'pending' };
    }
    const start = Math.max(t, Date.parse(held.doc.expiresAt));
    const doc = this.issue(customerId, start, profile.lifetimeMs, t);
    this.#successorOf.set(certificateId, doc.certificateId);
    return { kind: 'verified', certificate: doc };
  }

  /** A new certificate for the customer, issued a while after the first request. */
  provision(
    customerId: string,
    requestId: string,
    t: number,
  ): { readonly kind: 'issued'; readonly certificateId: string } | { readonly kind: 'pending' } {
    if (this.#call(t) !== null) return { kind: 'pending' };
    const readyAt = this.#provisionReadyAt.get(requestId) ?? t + Math.floor(this.random() * 6 * 3_600_000);
    this.#provisionReadyAt.set(requestId, readyAt);
    if (t < readyAt) return { kind: 'pending' };
    const existing = this.#successorOf.get(requestId);
    if (existing !== undefined) return { kind: 'issued', certificateId: existing };
    const profile = this.profiles.get(customerId);
    const doc = this.issue(customerId, t, profile?.lifetimeMs ?? 90 * 86_400_000, t);
    this.#successorOf.set(requestId, doc.certificateId);
    return { kind: 'issued', certificateId: doc.certificateId };
  }
}
