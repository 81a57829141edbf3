/**
 * ensureAuthorized: may this customer perform this write now, and with what authority. Pure and cheap
 * (a few comparisons and two date parses; see authorize.bench in the test). Refusals come in a fixed order:
 *   1. system read-only                       TAI-READONLY-SYSTEM
 *   2. customer read-only (degraded)          TAI-READONLY-CUSTOMER
 *   3. eval mode (publish, deploy)            TAI-MODE-EVAL (the caller writes a refusal receipt)
 *   4. contract missing / not in force today / without the operation
 *                                             TAI-MODE-CONTRACT-REQUIRED / -INACTIVE / -EXCLUDES
 *   5. prod without a live certificate        TAI-MODE-INSURANCE-REQUIRED
 * `configure` (the customer's own settings) passes after step 2.
 */
import { contractActiveOn, utcDay, type Authority, type ContractDocument, type Mode } from '../customer/types.ts';
import type { WritableAnswer } from '../certificate/view.ts';
import { liveAt } from '../certificate/dates.ts';
import { stampOf, type CertificateDocument, type InsuranceStamp } from '../insurance/certificate.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { effectiveMode } from './policy.ts';
import type { SystemReadOnly } from './system.ts';

export const OPERATIONS = ['publish', 'deploy', 'configure'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Operations performed under the contract; the contract's features must name them. */
const CONTRACTED: Readonly<Record<Operation, boolean>> = { publish: true, deploy: true, configure: false };

/** What the mode policy needs from the lifecycle; a LifecycleView computed at nowMs satisfies it. */
export interface CertificateStanding {
  readonly certificate: CertificateDocument | null;
  readonly writable: WritableAnswer;
  readonly degraded: boolean;
}

export interface AuthorizationInput {
  readonly customerMode: Mode;
  /** TAI_MAX_MODE. */
  readonly maxMode: Mode;
  readonly operation: Operation;
  readonly contract: ContractDocument | null;
  /** Null when no certificate was ever linked. */
  readonly certificate: CertificateStanding | null;
  readonly systemReadOnly: SystemReadOnly | null;
  readonly nowMs: number;
}

export interface Authorization {
  readonly mode: Mode;
  readonly authority: Authority;
  readonly operation: Operation;
  readonly contractReference: string | null;
  /** Present exactly when authority is contractual. */
  readonly insurance: InsuranceStamp | null;
  readonly authorizedAt: number;
}

export type RefusalCode =
  | 'TAI-READONLY-SYSTEM'
  | 'TAI-READONLY-CUSTOMER'
  | 'TAI-MODE-EVAL'
  | 'TAI-MODE-CONTRACT-REQUIRED'
  | 'TAI-MODE-CONTRACT-INACTIVE'
  | 'TAI-MODE-CONTRACT-EXCLUDES'
  | 'TAI-MODE-INSURANCE-REQUIRED';

export interface Refusal {
  readonly code: RefusalCode;
  /** The effective mode, for the refusal receipt. */
  readonly mode: Mode;
  /** The read-only reason (system or customer), when that is the refusal. */
  readonly reason: string | null;
}

let lastDay = { number: Number.NaN, text: '' };
/** utcDay, remembering the last answer: authorization runs on every write. */
const today = (nowMs: number): string => {
  const n = Math.floor(nowMs / 86_400_000);
  if (n !== lastDay.number) lastDay = { number: n, text: utcDay(nowMs) };
  return lastDay.text;
};

/** The certificate, if it supports contractual authority at nowMs. Rechecks the dates, so a stale standing cannot pass. */
const liveCertificate = (standing: CertificateStanding | null, nowMs: number): CertificateDocument | null => {
  const cert = standing?.certificate ?? null;
  return standing !== null && standing.writable.ok && cert !== null && liveAt(cert, nowMs) ? cert : null;
};

const granted = (input: AuthorizationInput, mode: Mode, live: CertificateDocument | null): Authorization => {
  const contractual = mode === 'prod' && live !== null;
  return {
    mode,
    authority: contractual ? 'contractual' : 'advisory',
    operation: input.operation,
    contractReference: input.contract?.reference ?? null,
    insurance: contractual ? stampOf(live) : null,
    authorizedAt: input.nowMs,
  };
};

export const ensureAuthorized = (input: AuthorizationInput): Result<Authorization, Refusal> => {
  const mode = effectiveMode(input.customerMode, input.maxMode);
  const refuse = (code: RefusalCode, reason: string | null = null): Result<never, Refusal> =>
    err({ code, mode, reason });
  const system = input.systemReadOnly;
  if (system !== null)
    return refuse('TAI-READONLY-SYSTEM', system.cause === 'operator' ? system.reason : 'insurer_unreachable');
  const standing = input.certificate;
  if (standing?.degraded === true)
    return refuse('TAI-READONLY-CUSTOMER', standing.writable.ok ? null : standing.writable.reason);
  const live = mode === 'prod' ? liveCertificate(standing, input.nowMs) : null;
  if (!CONTRACTED[input.operation]) return ok(granted(input, mode, live));
  if (mode === 'eval') return refuse('TAI-MODE-EVAL');
  const contract = input.contract;
  if (contract === null) return refuse('TAI-MODE-CONTRACT-REQUIRED');
  if (!contractActiveOn(contract, today(input.nowMs))) return refuse('TAI-MODE-CONTRACT-INACTIVE');
  if (!contract.features.includes(input.operation)) return refuse('TAI-MODE-CONTRACT-EXCLUDES');
  if (mode === 'prod' && live === null) return refuse('TAI-MODE-INSURANCE-REQUIRED');
  return ok(granted(input, mode, live));
};
