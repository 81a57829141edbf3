/** Which operator events may be applied to a record now. The service maps a refusal to its HTTP error. */
import type { lifecycleErrors } from '../errors/catalog/lifecycle.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { liveAt } from './dates.ts';
import type { LifecyclePolicy } from './policy.ts';
import type { CertificateRecord, LifecycleEvent } from './types.ts';
import { degradation, effectiveCertificate } from './view.ts';

type LifecycleErrorCode = keyof typeof lifecycleErrors;

interface GuardRefusal {
  readonly code: LifecycleErrorCode;
  readonly detail: string;
}

const refuse = (code: LifecycleErrorCode, detail: string): Result<never, GuardRefusal> => err({ code, detail });

/** Insurer-driven events (checks, ticks, renewal outcomes) always apply; operator events have preconditions. */
export const canApply = (
  record: CertificateRecord,
  event: LifecycleEvent,
  nowMs: number,
  policy: LifecyclePolicy,
): Result<true, GuardRefusal> => {
  switch (event.type) {
    case 'renewal_started':
      return effectiveCertificate(record, nowMs) === null
        ? refuse('TAI-CERT-NOT-LINKED', 'renewal needs a verified current certificate')
        : ok(true);
    case 'rotated':
      if (!liveAt(event.certificate, nowMs))
        return refuse('TAI-CERT-NOT-LIVE', `certificate ${event.certificate.certificateId} is not live`);
      if (record.certificate !== null && record.certificateId === event.certificate.certificateId) {
        return refuse('TAI-CERT-ALREADY-CURRENT', `certificate ${event.certificate.certificateId} is current`);
      }
      return ok(true);
    case 'operator_recovered': {
      const reason = degradation(record, nowMs, policy);
      if (reason !== null) return refuse('TAI-CERT-STILL-DEGRADED', `certificate is ${reason}`);
      if (record.recovery === null) return refuse('TAI-CERT-NOT-DEGRADED', 'no recovery is pending');
      const cert = effectiveCertificate(record, nowMs);
      if (cert === null || !liveAt(cert, nowMs))
        return refuse('TAI-CERT-STILL-DEGRADED', 'no live certificate is verified');
      return ok(true);
    }
    case 'provision_requested':
    case 'linked':
    case 'check_succeeded':
    case 'check_failed':
    case 'tick':
    case 'renewal_obtained':
    case 'renewal_failed':
      return ok(true);
  }
};
