import { defineErrors } from '../spec.ts';

/** Pricing configuration validation and quotes. */
export const pricingErrors = defineErrors({});
