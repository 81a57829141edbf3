import { describe, expect, it } from 'vitest';
import type { ContractDocument, Mode } from '../customer/types.ts';
import { newCertificateRecord } from '../certificate/record.ts';
import { DAY, T0, makeCert } from '../../../test/support/lifecycle.ts';
import type { CertificateRecord } from '../certificate/types.ts';
import { lifecycleView } from '../certificate/view.ts';
import { errorCatalog } from '../errors/catalog/index.ts';
import { stampOf } from '../insurance/certificate.ts';
import { ensureAuthorized, type AuthorizationInput, type CertificateStanding, type RefusalCode } from './authorize.ts';

const contract: ContractDocument = {
  reference: 'CTR-2026-001',
  startsOn: '2025-12-01',
  endsOn: '2026-12-31',
  currency: 'USD',
  monthlyFee: '1000.00',
  features: ['publish', 'deploy'],
  limits: { maxActiveDeployments: 3, capacityUnits: 10 },
  cancellationTerms: '30 days',
};
const cert = makeCert({ from: T0 - 10 * DAY, to: T0 + 200 * DAY });
const liveRecord: CertificateRecord = {
  ...newCertificateRecord('cus_1', T0),
  certificateId: 'cert_a',
  certificate: cert,
  lastVerifiedAt: T0,
  state: 'active',
};
const live: CertificateStanding = lifecycleView(liveRecord, T0);
const lapsed: CertificateStanding = lifecycleView(liveRecord, T0 + 300 * DAY);
const neverVerified: CertificateStanding = lifecycleView(
  { ...newCertificateRecord('cus_1', T0), certificateId: 'cert_a' },
  T0,
);

const base = (over: Partial<AuthorizationInput> = {}): AuthorizationInput => ({
  customerMode: 'prod',
  maxMode: 'prod',
  operation: 'publish',
  contract,
  certificate: live,
  systemReadOnly: null,
  nowMs: T0,
  ...over,
});
const codeOf = (input: AuthorizationInput): RefusalCode | 'ok' => {
  const r = ensureAuthorized(input);
  return r.ok ? 'ok' : r.error.code;
};

describe('ensureAuthorized', () => {
  it('prod with contract and live certificate: contractual, stamped', () => {
    const r = ensureAuthorized(base());
    expect(r).toEqual({
      ok: true,
      value: {
        mode: 'prod',
        authority: 'contractual',
        operation: 'publish',
        contractReference: 'CTR-2026-001',
        insurance: stampOf(cert),
        authorizedAt: T0,
      },
    });
  });

  it('pilot with contract, no insurance: advisory', () => {
    const r = ensureAuthorized(base({ customerMode: 'pilot', certificate: null, operation: 'deploy' }));
    expect(r.ok && r.value).toMatchObject({
      mode: 'pilot',
      authority: 'advisory',
      insurance: null,
      contractReference: 'CTR-2026-001',
    });
  });

  it('refuses in the documented order, each with its own code', () => {
    const everythingWrong = base({
      customerMode: 'eval',
      contract: null,
      certificate: lapsed,
      systemReadOnly: { cause: 'operator', reason: 'maintenance' },
    });
    const ladder: [Partial<AuthorizationInput>, RefusalCode | 'ok'][] = [
      [{}, 'TAI-READONLY-SYSTEM'],
      [{ systemReadOnly: null }, 'TAI-READONLY-CUSTOMER'],
      [{ systemReadOnly: null, certificate: neverVerified }, 'TAI-MODE-EVAL'],
      [{ systemReadOnly: null, certificate: neverVerified, customerMode: 'prod' }, 'TAI-MODE-CONTRACT-REQUIRED'],
      [
        {
          systemReadOnly: null,
          certificate: neverVerified,
          customerMode: 'prod',
          contract: { ...contract, endsOn: '2025-12-31' },
        },
        'TAI-MODE-CONTRACT-INACTIVE',
      ],
      [
        {
          systemReadOnly: null,
          certificate: neverVerified,
          customerMode: 'prod',
          contract: { ...contract, features: ['deploy'] },
        },
        'TAI-MODE-CONTRACT-EXCLUDES',
      ],
      [
        { systemReadOnly: null, certificate: neverVerified, customerMode: 'prod', contract },
        'TAI-MODE-INSURANCE-REQUIRED',
      ],
      [{ systemReadOnly: null, certificate: live, customerMode: 'prod', contract }, 'ok'],
    ];
    expect(ladder.map(([over]) => codeOf({ ...everythingWrong, ...over }))).toEqual(ladder.map(([, code]) => code));
  });

  it('names the read-only reasons', () => {
    expect(ensureAuthorized(base({ certificate: lapsed }))).toMatchObject({
      ok: false,
      error: { code: 'TAI-READONLY-CUSTOMER', reason: 'expired', mode: 'prod' },
    });
    expect(ensureAuthorized(base({ systemReadOnly: { cause: 'insurer_unreachable', since: 0 } }))).toMatchObject({
      error: { code: 'TAI-READONLY-SYSTEM', reason: 'insurer_unreachable' },
    });
  });

  it('the installation cap wins: an eval-only installation refuses a prod customer, a pilot cap gives advisory', () => {
    expect(codeOf(base({ maxMode: 'eval' }))).toBe('TAI-MODE-EVAL');
    const capped = ensureAuthorized(base({ maxMode: 'pilot' }));
    expect(capped.ok && capped.value).toMatchObject({ mode: 'pilot', authority: 'advisory', insurance: null });
  });

  it('contract days are inclusive at both ends (UTC)', () => {
    const c = { ...contract, startsOn: '2026-01-01', endsOn: '2026-01-01' };
    expect(codeOf(base({ contract: c, nowMs: Date.UTC(2026, 0, 1, 0, 0, 0) }))).toBe('ok');
    expect(codeOf(base({ contract: c, nowMs: Date.UTC(2026, 0, 1, 23, 59, 59, 999) }))).toBe('ok');
    expect(codeOf(base({ contract: c, nowMs: Date.UTC(2026, 0, 2) }))).toBe('TAI-MODE-CONTRACT-INACTIVE');
  });

  it('never grants contractual authority from a stale standing: the dates are rechecked at nowMs', () => {
    // A view computed before expiry, presented after it.
    expect(codeOf(base({ nowMs: T0 + 200 * DAY, contract: { ...contract, endsOn: '2027-12-31' } }))).toBe(
      'TAI-MODE-INSURANCE-REQUIRED',
    );
  });

  it('configure passes after the read-only checks, in every mode, contractual only with a live certificate', () => {
    const modes: Mode[] = ['eval', 'pilot', 'prod'];
    const outcomes = modes.map((customerMode) =>
      ensureAuthorized(base({ customerMode, operation: 'configure', contract: null })),
    );
    expect(outcomes.map((r) => r.ok && r.value.authority)).toEqual(['advisory', 'advisory', 'contractual']);
    const noCert = ensureAuthorized(base({ operation: 'configure', certificate: neverVerified }));
    expect(noCert.ok && noCert.value).toMatchObject({ authority: 'advisory', insurance: null });
    expect(codeOf(base({ operation: 'configure', certificate: lapsed }))).toBe('TAI-READONLY-CUSTOMER');
  });

  it('every refusal code is in the error catalog', () => {
    const codes: RefusalCode[] = [
      'TAI-READONLY-SYSTEM',
      'TAI-READONLY-CUSTOMER',
      'TAI-MODE-EVAL',
      'TAI-MODE-CONTRACT-REQUIRED',
      'TAI-MODE-CONTRACT-INACTIVE',
      'TAI-MODE-CONTRACT-EXCLUDES',
      'TAI-MODE-INSURANCE-REQUIRED',
    ];
    for (const code of codes) expect(errorCatalog[code].status).toBeGreaterThanOrEqual(400);
    expect(errorCatalog['TAI-READONLY-SYSTEM'].status).toBe(503);
    expect(errorCatalog['TAI-READONLY-CUSTOMER'].status).toBe(503);
  });
});
