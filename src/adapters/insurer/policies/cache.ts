/** Certificate cache: fresh within the TTL, usable as stale-if-error within the grace since the last live check. */
import type { VerifiedCertificate } from '../../../domain/insurance/verification.ts';

/** A port, so a store-backed cache can replace the in-memory one and survive restarts. Entries hold live-verified certificates. */
export interface CertificateCache {
  get(certificateId: string): VerifiedCertificate | undefined;
  set(certificateId: string, certificate: VerifiedCertificate): void;
  delete(certificateId: string): void;
}

export const isFresh = (entry: VerifiedCertificate, nowMs: number, ttlMs: number): boolean =>
  nowMs - entry.verifiedAt < ttlMs;

export const isWithinGrace = (entry: VerifiedCertificate, nowMs: number, graceMs: number): boolean =>
  nowMs - entry.verifiedAt <= graceMs;

/** Insertion-ordered map with a size bound: the entry written longest ago goes first. */
export class MemoryCertificateCache implements CertificateCache {
  readonly #entries = new Map<string, VerifiedCertificate>();
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(certificateId: string): VerifiedCertificate | undefined {
    return this.#entries.get(certificateId);
  }

  set(certificateId: string, certificate: VerifiedCertificate): void {
    this.#entries.delete(certificateId);
    this.#entries.set(certificateId, certificate);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
  }

  delete(certificateId: string): void {
    this.#entries.delete(certificateId);
  }
}
