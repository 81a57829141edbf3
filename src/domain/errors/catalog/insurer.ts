import { defineErrors } from '../spec.ts';

/** The insurer API client and simulator. */
export const insurerErrors = defineErrors({});
