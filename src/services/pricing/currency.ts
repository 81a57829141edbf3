/** Which currency codes we accept. Until the pricing engine's ISO 4217 table lands: three capitals. */
export const isKnownCurrency = (code: string): boolean => /^[A-Z]{3}$/.test(code);
