import { specOf, type ErrorCode } from './catalog/index.ts';

interface DomainErrorOptions {
  /** Internal detail for logs; never sent to a customer. */
  readonly detail?: string;
  /** JSON path of the offending input, e.g. `/skus/2/tiers/0/upTo`. Safe to show. */
  readonly path?: string;
  /** Overrides the catalog's customer message with a more specific safe one. */
  readonly message?: string;
  readonly cause?: unknown;
  /** A receipt that evidences this refusal (eval mode refusals are signed). */
  readonly receiptId?: string;
}

/** The single domain error type. Its code comes from the closed catalog; the edge maps it to HTTP. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly detail: string | undefined;
  readonly path: string | undefined;
  readonly receiptId: string | undefined;

  constructor(code: ErrorCode, options: DomainErrorOptions = {}) {
    const spec = specOf(code);
    super(options.message ?? spec.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.status = spec.status;
    this.retryable = spec.retryable;
    this.detail = options.detail;
    this.path = options.path;
    this.receiptId = options.receiptId;
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
