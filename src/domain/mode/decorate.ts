/** What an authorized result carries (mode, authority, stamp or disclaimer), and the human banner. */
import type { Authority, Mode } from '../customer/types.ts';
import type { ReadOnlyReason } from '../certificate/types.ts';
import type { InsuranceStamp } from '../insurance/certificate.ts';
import type { ReceiptStamp } from '../effects/types.ts';
import type { Authorization } from './authorize.ts';

export const DISCLAIMERS: Readonly<Record<'eval' | 'pilot', string>> = {
  eval: 'Advisory only (evaluation mode): not a contractual commitment and not covered by insurance.',
  pilot:
    'Advisory (pilot mode): performed under the referenced contract but not covered by insurance; not a contractual guarantee.',
};

interface ModeStamp {
  readonly mode: Mode;
  readonly authority: Authority;
  readonly contractReference?: string;
  /** Only when contractual. */
  readonly insurance?: InsuranceStamp;
  /** Only when advisory. */
  readonly disclaimer?: string;
}

const modeStamp = (a: Authorization): ModeStamp => {
  const contract = a.contractReference === null ? {} : { contractReference: a.contractReference };
  if (a.authority === 'contractual' && a.insurance !== null)
    return { mode: a.mode, authority: 'contractual', ...contract, insurance: a.insurance };
  return {
    mode: a.mode,
    authority: 'advisory',
    ...contract,
    disclaimer: DISCLAIMERS[a.mode === 'eval' ? 'eval' : 'pilot'],
  };
};

/** The payload with the stamp's fields added (they win over same-named payload fields). */
export const decorate = <P extends object>(payload: P, a: Authorization): Omit<P, keyof ModeStamp> & ModeStamp => ({
  ...payload,
  ...modeStamp(a),
});

type BannerSubject =
  | Mode
  | { readonly readOnly: 'system'; readonly reason: string }
  | { readonly readOnly: 'customer'; readonly reason: ReadOnlyReason };

const MODE_BANNERS: Readonly<Record<Mode, string>> = {
  eval: 'Evaluation mode: results are advisory only; publish and deploy are refused with a signed receipt.',
  pilot: 'Pilot mode: operations run under your contract; receipts are advisory and not covered by insurance.',
  prod: 'Production mode: operations are contractual and insured; receipts carry the insurance certificate.',
};

const CUSTOMER_REASONS: Readonly<Record<ReadOnlyReason, string>> = {
  expired: 'the insurance certificate has expired',
  revoked: 'the insurer revoked the insurance certificate',
  suspended: 'the insurer suspended the insurance certificate',
  verification_rejected: 'the insurer could not verify the insurance certificate',
  unverifiable_beyond_grace: 'the insurance certificate could not be verified for longer than the grace period',
  no_certificate: 'no insurance certificate is verified yet',
  not_effective: 'the insurance certificate is not in force yet',
  awaiting_good_checks: 'the insurance certificate is valid again and is being re-verified',
  awaiting_operator: 'the insurance certificate is valid again and awaits an operator’s confirmation',
};

const READ_ONLY_TAIL = 'Reads keep working; changes are refused until this is resolved.';

/** One human sentence for a mode, or for a read-only state (sent as a header and a body field). */
export const banner = (subject: BannerSubject): string => {
  if (typeof subject === 'string') return MODE_BANNERS[subject];
  if (subject.readOnly === 'customer') return `Read-only: ${CUSTOMER_REASONS[subject.reason]}. ${READ_ONLY_TAIL}`;
  const why =
    subject.reason === 'insurer_unreachable'
      ? 'the insurer has been unreachable for longer than the grace period'
      : subject.reason;
  return `Service read-only: ${why}. ${READ_ONLY_TAIL}`;
};

/** What a receipt of an operation authorized as `a` is stamped with. */
export const receiptStamp = (a: Authorization): ReceiptStamp => ({
  mode: a.mode,
  authority: a.authority,
  contractReference: a.contractReference,
  insurance: a.insurance,
  disclaimer: modeStamp(a).disclaimer ?? null,
});
