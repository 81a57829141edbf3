import { defineErrors } from '../spec.ts';

/** Receipts, transparency logs, checkpoints and the audit trail. */
export const receiptsErrors = defineErrors({});
