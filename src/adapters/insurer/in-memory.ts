/** An in-memory InsurerClient for other modules' tests: certificates and failures are set directly. */
import type { CertificateDocument } from '../../domain/insurance/certificate.ts';
import { insurerError, standingError } from '../../domain/insurance/insurer-error.ts';
import type { InsurerError, VerifiedCertificate } from '../../domain/insurance/verification.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { err, ok } from '../../domain/shared/result.ts';
import type { InsurerClient } from './interface.ts';

interface InMemoryInsurerClient extends InsurerClient {
  put(document: CertificateDocument): void;
  /** Every call about this certificate fails with `error` until cleared with null. */
  failWith(certificateId: string, error: InsurerError | null): void;
  readonly calls: readonly string[];
}

export const createInMemoryInsurerClient = (clock: Clock): InMemoryInsurerClient => {
  const docs = new Map<string, CertificateDocument>();
  const failures = new Map<string, InsurerError>();
  const calls: string[] = [];
  const lookup = (op: string, id: string) => {
    calls.push(`${op} ${id}`);
    const failure = failures.get(id);
    if (failure !== undefined) return err(failure);
    const document = docs.get(id);
    if (document === undefined) return err(insurerError('not_found', 'no such certificate (in-memory)'));
    const cert: VerifiedCertificate = {
      document,
      jws: 'in-memory',
      kid: 'in-memory',
      verifiedAt: clock.now(),
      source: 'network',
    };
    return ok(cert);
  };
  const unsupported = (op: string) => {
    calls.push(op);
    return Promise.resolve(err(insurerError('bad_request', `${op} is not supported by the in-memory insurer`)));
  };
  return {
    calls,
    health: () => ({ breaker: 'closed' }),
    put: (document) => void docs.set(document.certificateId, document),
    failWith: (id, error) => void (error === null ? failures.delete(id) : failures.set(id, error)),
    getCertificateDetails: (id) => Promise.resolve(lookup('details', id)),
    verifyCertificate: (id) => {
      const r = lookup('verify', id);
      if (!r.ok) return Promise.resolve(r);
      const notInForce = standingError(r.value, clock.now());
      return Promise.resolve(notInForce === null ? r : err(notInForce));
    },
    getRevocationStatus: (id) => {
      const r = lookup('revocation', id);
      if (!r.ok) return Promise.resolve(r);
      const { certificateId, status } = r.value.document;
      return Promise.resolve(
        ok({ certificateId, status, asOf: new Date(clock.now()).toISOString(), kid: 'in-memory' }),
      );
    },
    requestCertificate: () => unsupported('requestCertificate'),
    pollCertificateRequest: () => unsupported('pollCertificateRequest'),
    renewCertificate: () => unsupported('renewCertificate'),
  };
};
