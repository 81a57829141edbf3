/** Which currency codes we accept: ISO 4217 codes with a minor unit (the pricing engine's table). */
import { minorUnitOf } from '../../domain/pricing/index.ts';

export const isKnownCurrency = (code: string): boolean => minorUnitOf(code) !== undefined;
