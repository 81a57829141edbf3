/** The simulated provider's state: certificates, requests, scenarios, quotas and the call record. No HTTP here. */
import type { CertificateDocument } from '../../domain/insurance/certificate.ts';
import { canonicalBytes, canonicalize } from '../../domain/shared/canonical-json.ts';
import { isoOf } from '../../domain/shared/clock.ts';
import { newId } from '../../domain/shared/ids.ts';
import type { ControllableClock } from './clock.ts';
import { buildDocument, overlay, renewalInput, REVOCATION_REASONS, type NewCertificateInput } from './documents.ts';
import type { KeyRing, SigningMode } from './keys.ts';
import { isDataScenario, type DataScenario, type ScenarioSpec } from './scenarios.ts';

const CERTIFICATE_TYP = 'tai-certificate+jws';
const REVOCATION_TYP = 'tai-revocation+jws';

/** One provider API call as the simulator saw it. Never holds the API key. */
export interface SimCall {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  /** null while the answer is pending; 0 when the connection was dropped without one. */
  status: number | null;
  readonly at: string;
}

interface DataState {
  readonly scenario: DataScenario;
  readonly setAt: number;
}
interface FaultState {
  readonly spec: ScenarioSpec;
  remaining: number | undefined;
}
interface SimCertificate {
  readonly base: CertificateDocument;
  data?: DataState | undefined;
  fault?: FaultState | undefined;
  signed?: { readonly canon: string; readonly kid: string; readonly jws: string };
}

export interface SimRequest {
  readonly requestId: string;
  readonly kind: 'issue' | 'renewal';
  readonly input: NewCertificateInput;
  readonly readyAt: number;
  certificateId?: string;
}

interface SimOptions {
  readonly issuanceDelayMs: number;
  readonly rateLimitPerMinute: number;
}

export class SimState {
  readonly certificates = new Map<string, SimCertificate>();
  readonly requests = new Map<string, SimRequest>();
  readonly idempotency = new Map<
    string,
    { readonly fingerprint: string; readonly status: number; readonly body: unknown }
  >();
  readonly calls: SimCall[] = [];
  #globalData: DataState | undefined;
  #globalFault: FaultState | undefined;
  #serial = 0;
  #seq = 0;
  readonly #windows = new Map<string, number[]>();

  constructor(
    readonly clock: ControllableClock,
    readonly keys: KeyRing,
    readonly random: () => number,
    readonly options: SimOptions,
  ) {}

  createCertificate(input: NewCertificateInput): CertificateDocument {
    this.#serial += 1;
    const doc = buildDocument(input, this.clock.now(), this.#serial);
    this.certificates.set(doc.certificateId, { base: doc });
    return doc;
  }

  /** Data scenarios change documents; fault scenarios change answers. `healthy` clears both. */
  setScenario(spec: ScenarioSpec, certificateId?: string): boolean {
    const data = isDataScenario(spec.scenario) ? { scenario: spec.scenario, setAt: this.clock.now() } : undefined;
    const fault = data === undefined && spec.scenario !== 'healthy' ? { spec, remaining: spec.times } : undefined;
    if (certificateId !== undefined) {
      const cert = this.certificates.get(certificateId);
      if (cert === undefined) return false;
      if (spec.scenario === 'healthy') [cert.data, cert.fault] = [undefined, undefined];
      else if (data !== undefined) cert.data = data;
      else cert.fault = fault;
      return true;
    }
    for (const cert of this.certificates.values()) {
      if (spec.scenario === 'healthy' || data !== undefined) cert.data = undefined;
      if (spec.scenario === 'healthy' || fault !== undefined) cert.fault = undefined;
    }
    if (spec.scenario === 'healthy') [this.#globalData, this.#globalFault] = [undefined, undefined];
    else if (data !== undefined) this.#globalData = data;
    else if (spec.scenario !== 'down') this.#globalFault = fault;
    return true;
  }

  /** The fault for one request (per-certificate first, then global), counting down `times`. */
  takeFault(certificateId: string | undefined): ScenarioSpec | undefined {
    const cert = certificateId === undefined ? undefined : this.certificates.get(certificateId);
    const state = cert?.fault ?? this.#globalFault;
    if (state === undefined) return undefined;
    if (state.remaining !== undefined) {
      state.remaining -= 1;
      if (state.remaining <= 0) {
        if (cert?.fault === state) cert.fault = undefined;
        else this.#globalFault = undefined;
      }
    }
    return state.spec;
  }

  effectiveDocument(certificateId: string): CertificateDocument | undefined {
    const cert = this.certificates.get(certificateId);
    return cert === undefined ? undefined : overlay(cert.base, cert.data ?? this.#globalData);
  }

  /** A document keeps its signature until its content changes or its key leaves the JWKS, as with a real provider. */
  async signedCertificate(certificateId: string, mode: SigningMode): Promise<string | undefined> {
    const cert = this.certificates.get(certificateId);
    const doc = this.effectiveDocument(certificateId);
    if (cert === undefined || doc === undefined) return undefined;
    if (mode !== 'normal') return (await this.keys.sign(canonicalBytes(doc), CERTIFICATE_TYP, mode)).jws;
    const canon = canonicalize(doc);
    if (cert.signed?.canon === canon && this.keys.isPublished(cert.signed.kid)) return cert.signed.jws;
    const { jws, kid } = await this.keys.sign(new TextEncoder().encode(canon), CERTIFICATE_TYP, mode);
    cert.signed = { canon, kid, jws };
    return jws;
  }

  async signedRevocation(certificateId: string, mode: SigningMode): Promise<string | undefined> {
    const doc = this.effectiveDocument(certificateId);
    if (doc === undefined) return undefined;
    const reason = REVOCATION_REASONS[doc.status];
    const payload = {
      certificateId,
      status: doc.status,
      asOf: isoOf(this.clock.now()),
      ...(reason === undefined ? {} : { reason }),
    };
    return (await this.keys.sign(canonicalBytes(payload), REVOCATION_TYP, mode)).jws;
  }

  newRequest(kind: SimRequest['kind'], input: NewCertificateInput): SimRequest {
    const now = this.clock.now();
    const request: SimRequest = {
      requestId: newId('req', now),
      kind,
      input,
      readyAt: now + this.options.issuanceDelayMs,
    };
    this.requests.set(request.requestId, request);
    return request;
  }

  renewalOf(certificateId: string): NewCertificateInput | undefined {
    const doc = this.effectiveDocument(certificateId);
    return doc === undefined ? undefined : renewalInput(doc, this.clock.now());
  }

  /** Issues the certificate once the simulated clock reaches readyAt. */
  pollRequest(requestId: string): SimRequest | undefined {
    const request = this.requests.get(requestId);
    if (request !== undefined && request.certificateId === undefined && this.clock.now() >= request.readyAt) {
      request.certificateId = this.createCertificate(request.input).certificateId;
    }
    return request;
  }

  /** Sliding one-minute window per API key; returns Retry-After seconds when over quota. */
  overQuota(keyId: string): number | undefined {
    const now = this.clock.now();
    const stamps = (this.#windows.get(keyId) ?? []).filter((t) => t > now - 60_000);
    this.#windows.set(keyId, stamps);
    if (stamps.length < this.options.rateLimitPerMinute) {
      stamps.push(now);
      return undefined;
    }
    return Math.max(1, Math.ceil(((stamps[0] ?? now) + 60_000 - now) / 1000));
  }

  record(method: string, path: string): SimCall {
    this.#seq += 1;
    const call: SimCall = { seq: this.#seq, method, path, status: null, at: isoOf(this.clock.now()) };
    this.calls.push(call);
    return call;
  }
}
