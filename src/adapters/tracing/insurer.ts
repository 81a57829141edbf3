/**
 * The insurer client with spans: verification reads as `insurer.verify`, issuance and renewal as
 * `insurer.issue`, each a child of the span its caller passes in the call's options (`trace`).
 */
import type { InsurerClient } from '../insurer/interface.ts';
import { ATTR, inSpan } from './spans.ts';

export const tracedInsurer = (client: InsurerClient): InsurerClient => ({
  verifyCertificate: (id, options) =>
    inSpan(options?.trace, 'insurer.verify', { [ATTR.certificate]: id, 'tai.insurer.operation': 'verify' }, () =>
      client.verifyCertificate(id, options),
    ),
  getCertificateDetails: (id, options) =>
    inSpan(options?.trace, 'insurer.verify', { [ATTR.certificate]: id, 'tai.insurer.operation': 'details' }, () =>
      client.getCertificateDetails(id, options),
    ),
  getRevocationStatus: (id, options) => client.getRevocationStatus(id, options),
  requestCertificate: (insured, options) =>
    inSpan(options?.trace, 'insurer.issue', { 'tai.insurer.operation': 'request' }, () =>
      client.requestCertificate(insured, options),
    ),
  pollCertificateRequest: (requestId, options) => client.pollCertificateRequest(requestId, options),
  renewCertificate: (id, options) =>
    inSpan(options?.trace, 'insurer.issue', { [ATTR.certificate]: id, 'tai.insurer.operation': 'renew' }, () =>
      client.renewCertificate(id, options),
    ),
  health: () => client.health(),
});
