/**
 * Whether a thrown value means the database could not be reached (refused, cut, shutting down, out of
 * connections), as opposed to a bug or a refused statement. The HTTP edge answers these with
 * TAI-STORE-UNAVAILABLE (503, retryable) instead of an unclassified 500.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
/** SQLSTATE classes 08 (connection exception), 57P0x (operator intervention: shutdown), 53300 (too many connections). */
const SQLSTATE = /^(08\d{3}|57P0[1-3]|53300)$/;
const MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated unexpectedly',
  'Client was closed and is not queryable',
];

export const isStoreUnavailable = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
  return typeof message === 'string' && MESSAGES.some((m) => message.includes(m));
};
