/** The shape of one error catalog entry. The catalog is data: docs/errors.md is generated from it. */
export interface ErrorSpec {
  /** HTTP status the edge answers with. */
  readonly status: number;
  /** Safe to show a customer: no internals, no identifiers that are not theirs. */
  readonly message: string;
  /** What the code means to us: cause and where to look. Never sent to a customer. */
  readonly internal: string;
  /** Whether repeating the same request later can succeed. */
  readonly retryable: boolean;
}

export const defineErrors = <T extends Record<`TAI-${string}`, ErrorSpec>>(entries: T): T => entries;
