/**
 * The insurer client with spans: verification reads as `insurer.verify`, issuance and renewal as
 * `insurer.issue`, each a child of the span its caller passes in the call's options (`trace`); the client
 * gets its own span there instead, so its log lines name it.
 */
import type { CallOptions, InsurerClient } from '../insurer/interface.ts';
import { ATTR, inSpan, type SpanHandle } from './spans.ts';

const under = (options: CallOptions | undefined, span: SpanHandle | undefined): CallOptions | undefined =>
  span === undefined || span === options?.trace ? options : { ...options, trace: span };

export const tracedInsurer = (client: InsurerClient): InsurerClient => ({
  verifyCertificate: (id, options) =>
    inSpan(options?.trace, 'insurer.verify', { [ATTR.certificate]: id, 'tai.insurer.operation': 'verify' }, (span) =>
      client.verifyCertificate(id, under(options, span)),
    ),
  getCertificateDetails: (id, options) =>
    inSpan(options?.trace, 'insurer.verify', { [ATTR.certificate]: id, 'tai.insurer.operation': 'details' }, (span) =>
      client.getCertificateDetails(id, under(options, span)),
    ),
  getRevocationStatus: (id, options) => client.getRevocationStatus(id, options),
  requestCertificate: (insured, options) =>
    inSpan(options?.trace, 'insurer.issue', { 'tai.insurer.operation': 'request' }, (span) =>
      client.requestCertificate(insured, under(options, span)),
    ),
  pollCertificateRequest: (requestId, options) => client.pollCertificateRequest(requestId, options),
  renewCertificate: (id, options) =>
    inSpan(options?.trace, 'insurer.issue', { [ATTR.certificate]: id, 'tai.insurer.operation': 'renew' }, (span) =>
      client.renewCertificate(id, under(options, span)),
    ),
  health: () => client.health(),
});
