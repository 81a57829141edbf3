/** Retry-After (RFC 9110 section 10.2.3): delta-seconds or an HTTP-date, read against the injected clock. */
export const parseRetryAfterMs = (header: string | undefined, nowMs: number): number | undefined => {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // HTTP-dates (IMF-fixdate and the obsolete forms) all end in GMT; anything else is not one.
  if (!/^[A-Za-z]{3}.* GMT$/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
};
