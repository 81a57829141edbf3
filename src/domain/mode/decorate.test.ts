import { describe, expect, it } from 'vitest';
import { makeCert } from '../../../test/support/lifecycle.ts';
import { stampOf } from '../insurance/certificate.ts';
import type { Authorization } from './authorize.ts';
import { DISCLAIMERS, banner, decorate } from './decorate.ts';

const contractual: Authorization = {
  mode: 'prod',
  authority: 'contractual',
  operation: 'publish',
  contractReference: 'CTR-1',
  insurance: stampOf(makeCert()),
  authorizedAt: 0,
};
const pilot: Authorization = { ...contractual, mode: 'pilot', authority: 'advisory', insurance: null };
const evalConfig: Authorization = { ...pilot, mode: 'eval', operation: 'configure', contractReference: null };

describe('decorate', () => {
  it('contractual: mode, authority, contract and insurance stamp, no disclaimer', () => {
    expect(decorate({ listingId: 'lst_1' }, contractual)).toEqual({
      listingId: 'lst_1',
      mode: 'prod',
      authority: 'contractual',
      contractReference: 'CTR-1',
      insurance: {
        certificateId: 'cert_a',
        policyNumber: 'POL-cert_a',
        insurer: 'Model Mutual',
        expiresAt: makeCert().expiresAt,
      },
    });
  });

  it('advisory: a disclaimer and never an insurance stamp', () => {
    expect(decorate({ x: 1 }, pilot)).toEqual({
      x: 1,
      mode: 'pilot',
      authority: 'advisory',
      contractReference: 'CTR-1',
      disclaimer: DISCLAIMERS.pilot,
    });
    expect(decorate({ x: 1 }, evalConfig)).toEqual({
      x: 1,
      mode: 'eval',
      authority: 'advisory',
      disclaimer: DISCLAIMERS.eval,
    });
  });

  it('the stamp wins over a payload field of the same name', () => {
    expect(decorate({ authority: 'contractual' }, pilot).authority).toBe('advisory');
  });
});

describe('banner', () => {
  it('states each mode', () => {
    expect(banner('eval')).toMatch(/^Evaluation mode: .*advisory/);
    expect(banner('pilot')).toMatch(/not covered by insurance/);
    expect(banner('prod')).toMatch(/contractual and insured/);
  });

  it('states read-only with its reason', () => {
    expect(banner({ readOnly: 'customer', reason: 'expired' })).toBe(
      'Read-only: the insurance certificate has expired. Reads keep working; changes are refused until this is resolved.',
    );
    expect(banner({ readOnly: 'customer', reason: 'awaiting_operator' })).toMatch(/awaits an operator/);
    expect(banner({ readOnly: 'system', reason: 'insurer_unreachable' })).toMatch(
      /^Service read-only: the insurer has been unreachable/,
    );
    expect(banner({ readOnly: 'system', reason: 'planned maintenance' })).toMatch(
      /^Service read-only: planned maintenance\./,
    );
  });
});
