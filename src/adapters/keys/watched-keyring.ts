/**
 * The receipt keyring, re-read when its file changes: with several instances sharing one keyring file (or
 * one secret mounted on each), a rotation or revocation made by one (or by `tai keys`) is used by every
 * instance within a second. The file is looked at when keys are asked for, at most once per `everyMs`,
 * so no timer is needed. A file that cannot be read or parsed leaves the keys in use unchanged.
 */
import { statSync } from 'node:fs';
import type { ReceiptSigner } from './file-keyring.ts';

const stampOf = (path: string): string | null => {
  try {
    const s = statSync(path);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return null;
  }
};

export const watchKeyring = (
  path: string,
  open: () => ReceiptSigner,
  nowMs: () => number,
  onReload: (outcome: { readonly ok: boolean; readonly error?: unknown }) => void,
  everyMs = 1_000,
): ReceiptSigner => {
  let current = open();
  let stamp = stampOf(path);
  let lookedAt = nowMs();
  const fresh = (): ReceiptSigner => {
    const now = nowMs();
    if (now - lookedAt < everyMs) return current;
    lookedAt = now;
    const seen = stampOf(path);
    if (seen === null || seen === stamp) return current;
    stamp = seen;
    try {
      current = open();
      onReload({ ok: true });
    } catch (error) {
      onReload({ ok: false, error });
    }
    return current;
  };
  return {
    active: () => fresh().active(),
    keyring: () => fresh().keyring(),
    rotate: (at) => {
      const key = fresh().rotate(at);
      stamp = stampOf(path);
      return key;
    },
    revoke: (kid, compromisedAt, at) => {
      const key = fresh().revoke(kid, compromisedAt, at);
      stamp = stampOf(path);
      return key;
    },
  };
};
