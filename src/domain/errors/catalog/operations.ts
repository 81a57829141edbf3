import { defineErrors } from '../spec.ts';

/** Contractual operations: publish and deploy. */
export const operationsErrors = defineErrors({});
