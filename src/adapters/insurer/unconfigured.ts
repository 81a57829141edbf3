/**
 * The insurer port when no insurer is configured (a CLI command that never talks to one, or a
 * development start that chose none): every call fails as a transient outage, so nothing is ever
 * verified by accident and the lifecycle degrades exactly as it would with the insurer down.
 */
import { insurerError } from '../../domain/insurance/insurer-error.ts';
import { err } from '../../domain/shared/result.ts';
import type { InsurerClient } from './interface.ts';

const down = () => Promise.resolve(err(insurerError('network', 'no insurer is configured (TAI_INSURER_URL)')));

export const unconfiguredInsurer: InsurerClient = {
  verifyCertificate: down,
  getCertificateDetails: down,
  getRevocationStatus: down,
  requestCertificate: down,
  pollCertificateRequest: down,
  renewCertificate: down,
  health: () => ({ breaker: 'unconfigured' }),
};
