/** Whole-system read-only: forced by an operator, or the insurer unreachable for everyone beyond the grace. */
export interface OperatorReadOnly {
  readonly enabled: boolean;
  readonly reason: string;
  /** When the switch was turned on (ISO instant); absent in settings written before it was kept. */
  readonly since?: string;
}

export type SystemReadOnly =
  | { readonly cause: 'operator'; readonly reason: string }
  | { readonly cause: 'insurer_unreachable'; readonly since: number };

interface SystemReadOnlyInput {
  readonly operator: OperatorReadOnly | null;
  /** The latest successful insurer verification for any customer (max of records' lastVerifiedAt). */
  readonly lastInsurerSuccessAt: number | null;
  readonly nowMs: number;
  readonly graceMs: number;
}

/**
 * Null when the system accepts writes. An installation that never reached the insurer is not made
 * read-only by this rule: its prod customers have no verified certificate and are refused one by one.
 */
export const systemReadOnly = (input: SystemReadOnlyInput): SystemReadOnly | null => {
  if (input.operator?.enabled === true) return { cause: 'operator', reason: input.operator.reason };
  const last = input.lastInsurerSuccessAt;
  if (last !== null && input.nowMs >= last + input.graceMs) return { cause: 'insurer_unreachable', since: last };
  return null;
};

/** The latest successful verification over all records: feed it to systemReadOnly. */
export const lastInsurerSuccess = (records: Iterable<{ readonly lastVerifiedAt: number | null }>): number | null => {
  let last: number | null = null;
  for (const r of records)
    if (r.lastVerifiedAt !== null && (last === null || r.lastVerifiedAt > last)) last = r.lastVerifiedAt;
  return last;
};
