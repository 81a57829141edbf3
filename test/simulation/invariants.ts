/** What must hold at every step of the simulation, checked against the model insurer's ground truth. */
import type { NotificationDraft } from '../../src/domain/notifications/types.ts';
import type { LifecyclePolicy } from '../../src/domain/certificate/policy.ts';
import type { CertificateRecord } from '../../src/domain/certificate/types.ts';
import { liveAt } from '../../src/domain/certificate/dates.ts';
import { lifecycleView, writable } from '../../src/domain/certificate/view.ts';
import { dueWarnings } from '../../src/domain/certificate/warnings.ts';
import type { ContractDocument } from '../../src/domain/customer/types.ts';
import { ensureAuthorized } from '../../src/domain/mode/authorize.ts';
import { systemReadOnly } from '../../src/domain/mode/system.ts';
import type { ModelInsurer } from './model-insurer.ts';
import { DAY, HOUR } from './scenario.ts';

/** Longest a customer may stay read-only once the insurer is reachable and holds a live certificate for it. */
const STUCK_BOUND_MS = 2 * DAY;
const MAX_REPORTED = 20;

const CONTRACT: ContractDocument = {
  reference: 'CTR-SIM',
  startsOn: '2000-01-01',
  endsOn: '2999-12-31',
  currency: 'USD',
  monthlyFee: '100.00',
  features: ['publish', 'deploy'],
  limits: { maxActiveDeployments: 10, capacityUnits: 100 },
  cancellationTerms: 'none',
};

export class Invariants {
  readonly violations: string[] = [];
  #violationCount = 0;
  readonly #warned = new Set<string>();
  readonly #favorableSince = new Map<string, number>();
  readonly #stuckReported = new Set<string>();
  #lastInsurerSuccess: number | null = null;
  #contractual = 0;
  #maxReadOnlyWhileFavorable = 0;
  #systemReadOnlyChecks = 0;

  constructor(
    readonly insurer: ModelInsurer,
    readonly policyOf: (customerId: string) => LifecyclePolicy,
    readonly start: number,
  ) {}

  violation(message: string): void {
    this.#violationCount++;
    if (this.violations.length < MAX_REPORTED) this.violations.push(message);
  }

  #at(t: number): string {
    return `day ${((t - this.start) / DAY).toFixed(3)}`;
  }

  #where(r: CertificateRecord, t: number): string {
    return `${this.#at(t)} ${r.customerId} (${JSON.stringify(r)})`;
  }

  /** Each warning exactly once per certificate, expiry and threshold. */
  onNotification(n: NotificationDraft, t: number): void {
    let key: string;
    if (n.type === 'certificate.expiring') key = `${n.facts.certificateId}|${n.facts.expiresAt}|${n.facts.threshold}`;
    else if (n.type === 'certificate.expired') key = `${n.facts.certificateId}|${n.facts.expiresAt}|expired`;
    else return;
    if (this.#warned.has(key)) this.violation(`${this.#at(t)}: warning raised twice: ${key}`);
    this.#warned.add(key);
  }

  afterTransition(r: CertificateRecord, t: number): void {
    const policy = this.policyOf(r.customerId);
    if (r.lastVerifiedAt !== null && (this.#lastInsurerSuccess === null || r.lastVerifiedAt > this.#lastInsurerSuccess))
      this.#lastInsurerSuccess = r.lastVerifiedAt;
    const view = lifecycleView(r, t, policy);
    const cert = view.certificate;
    if (
      (view.state === 'active' || view.state === 'expiring' || view.state === 'renewing') &&
      (cert === null || !liveAt(cert, t))
    ) {
      this.violation(`${this.#where(r, t)}: state ${view.state} without a live certificate`);
    }
    if (
      view.writable.ok &&
      (cert === null || !liveAt(cert, t) || t - (view.lastVerifiedAt ?? Number.NEGATIVE_INFINITY) >= policy.graceMs)
    ) {
      this.violation(`${this.#where(r, t)}: writable without a live certificate verified within the grace`);
    }
    const system = systemReadOnly({
      operator: null,
      lastInsurerSuccessAt: this.#lastInsurerSuccess,
      nowMs: t,
      graceMs: policy.graceMs,
    });
    if (system !== null) this.#systemReadOnlyChecks++;
    const auth = ensureAuthorized({
      customerMode: 'prod',
      maxMode: 'prod',
      operation: 'deploy',
      contract: CONTRACT,
      certificate: view,
      systemReadOnly: system,
      nowMs: t,
    });
    if (auth.ok && auth.value.authority === 'contractual') {
      this.#contractual++;
      const truth = cert === null ? undefined : this.insurer.truth(cert.certificateId);
      const verifiedAt = view.lastVerifiedAt ?? Number.NEGATIVE_INFINITY;
      if (cert === null || auth.value.insurance === null || !liveAt(cert, t))
        this.violation(`${this.#where(r, t)}: contractual without a live certificate`);
      else if (truth === undefined)
        this.violation(`${this.#where(r, t)}: contractual on a certificate the insurer never issued`);
      else if (truth.doc.status !== 'active' && truth.changedAt <= verifiedAt) {
        this.violation(
          `${this.#where(r, t)}: contractual although the insurer reported ${truth.doc.status} before the last verification`,
        );
      }
      if (t - verifiedAt >= policy.graceMs) this.violation(`${this.#where(r, t)}: contractual beyond the grace`);
    }
    if (dueWarnings(r, t, policy).length > 0)
      this.violation(`${this.#where(r, t)}: crossed warning thresholds not raised`);
    this.#liveness(r, t, view.writable.ok);
  }

  /** Nobody stays read-only (beyond a bound) while the insurer answers and holds a live certificate for them. */
  #liveness(r: CertificateRecord, t: number, canWrite: boolean): void {
    const c = r.customerId;
    const favorable = !this.insurer.inOutage(t) && this.insurer.liveCertificateOf(c, t) !== null;
    if (!favorable) {
      this.#favorableSince.delete(c);
      this.#stuckReported.delete(c);
      return;
    }
    const since = this.#favorableSince.get(c);
    if (canWrite) {
      if (since !== undefined) this.#maxReadOnlyWhileFavorable = Math.max(this.#maxReadOnlyWhileFavorable, t - since);
      this.#favorableSince.delete(c);
      this.#stuckReported.delete(c);
      return;
    }
    if (since === undefined) {
      this.#favorableSince.set(c, t);
      return;
    }
    if (t - since > STUCK_BOUND_MS && !this.#stuckReported.has(c)) {
      this.#stuckReported.add(c);
      const live = this.insurer.liveCertificateOf(c, t);
      this.violation(
        `${this.#at(t)} ${c}: read-only for ${((t - since) / HOUR).toFixed(1)} h although the insurer answers and holds a live certificate ${JSON.stringify(live)}; record ${JSON.stringify(r)}`,
      );
    }
  }

  sweep(records: Iterable<CertificateRecord>, t: number): void {
    for (const r of records) this.#liveness(r, t, writable(r, t, this.policyOf(r.customerId)).ok);
  }

  stats(): Record<string, number> {
    return {
      violations: this.#violationCount,
      warnings_raised: this.#warned.size,
      contractual_authorizations: this.#contractual,
      system_read_only_observations: this.#systemReadOnlyChecks,
      max_read_only_hours_while_insurer_ok: Math.round((this.#maxReadOnlyWhileFavorable / HOUR) * 10) / 10,
    };
  }
}
