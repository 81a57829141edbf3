/** Building the simulated provider's ACORD-25-style documents and applying data scenarios to them. */
import type { CertificateDocument, Coverage } from '../../domain/insurance/certificate.ts';
import { isoOf } from '../../domain/shared/clock.ts';
import { newId } from '../../domain/shared/ids.ts';
import type { DataScenario } from './scenarios.ts';

const DAY = 86_400_000;

const SIM_INSURER = { name: 'Simulated Mutual Insurance Co. (SIMULATED)', naic: '99999' } as const;

const DEFAULT_COVERAGES: readonly Coverage[] = [
  { type: 'general_liability', eachOccurrence: '1000000', aggregate: '2000000', currency: 'USD' },
  { type: 'professional_liability', eachOccurrence: '2000000', aggregate: '2000000', currency: 'USD' },
  { type: 'cyber_liability', eachOccurrence: '1000000', aggregate: '1000000', currency: 'USD' },
];

export interface NewCertificateInput {
  readonly insured: { readonly name: string; readonly reference: string };
  readonly policyNumber?: string;
  readonly effectiveFrom?: string;
  readonly expiresAt?: string;
  readonly coverages?: readonly Coverage[];
}

export const buildDocument = (input: NewCertificateInput, nowMs: number, serial: number): CertificateDocument => {
  const effectiveFrom = input.effectiveFrom ?? isoOf(nowMs);
  return {
    certificateId: newId('cert', nowMs),
    policyNumber: input.policyNumber ?? `SIM-GL-${String(serial).padStart(6, '0')}`,
    insurer: { ...SIM_INSURER },
    insured: { ...input.insured },
    coverages: input.coverages ?? DEFAULT_COVERAGES,
    effectiveFrom,
    expiresAt: input.expiresAt ?? isoOf(Date.parse(effectiveFrom) + 365 * DAY),
    status: 'active',
    issuedAt: isoOf(nowMs),
  };
};

/** The renewal: a new certificate for the next term, starting where the old one ends (or now, if it has ended). */
export const renewalInput = (old: CertificateDocument, nowMs: number): NewCertificateInput => {
  const start = Math.max(Date.parse(old.expiresAt), nowMs);
  return {
    insured: old.insured,
    policyNumber: old.policyNumber,
    effectiveFrom: isoOf(start),
    expiresAt: isoOf(start + 365 * DAY),
    coverages: old.coverages,
  };
};

export const overlay = (
  doc: CertificateDocument,
  data: { scenario: DataScenario; setAt: number } | undefined,
): CertificateDocument => {
  if (data === undefined) return doc;
  switch (data.scenario) {
    case 'revoked':
    case 'suspended':
      return { ...doc, status: data.scenario };
    case 'expired': {
      const expiresAt = data.setAt - DAY;
      const effectiveFrom = Math.min(Date.parse(doc.effectiveFrom), expiresAt - 365 * DAY);
      return { ...doc, effectiveFrom: isoOf(effectiveFrom), expiresAt: isoOf(expiresAt) };
    }
  }
};

export const REVOCATION_REASONS: Readonly<Record<string, string>> = {
  revoked: 'cancelled by the insurer',
  suspended: 'premium payment overdue',
};
