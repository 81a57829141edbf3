import { defineErrors } from '../spec.ts';

/** Certificate lifecycle, modes and degradation. */
export const lifecycleErrors = defineErrors({});
