/**
 * Dashboard sessions, kept in the store so every instance on the database accepts them and a restart signs
 * no one out: a random id in the cookie, stored only as its SHA-256 (a stored row cannot be presented as a
 * cookie), a synchronizer CSRF token per session, an idle timeout and an absolute lifetime on the injected
 * clock. Use moves the expiry on, written at most once a minute per session; expired rows are refused,
 * deleted when met and swept at every sign-in.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Store } from '../../adapters/store/interface.ts';
import { newSecret, sha256Hex } from '../../services/auth/secrets.ts';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_MAX_MS = 12 * 60 * 60_000;
/** A use moves the stored expiry only when it gains at least this much (not one write per page). */
const EXTEND_STEP_MS = 60_000;

export interface Session {
  readonly csrf: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** When a session created at `createdAt` and used at `nowMs` expires. */
const expiryOf = (createdAt: number, nowMs: number): number =>
  Math.min(nowMs + SESSION_IDLE_MS, createdAt + SESSION_MAX_MS);

export class SessionStore {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** A new session; the returned id goes in the cookie and is not kept. */
  async create(nowMs: number): Promise<{ readonly id: string; readonly session: Session }> {
    const id = newSecret();
    const session: Session = { csrf: newSecret(), createdAt: nowMs, expiresAt: expiryOf(nowMs, nowMs) };
    await this.#store.transaction(async (tx) => {
      await tx.sweepOpsSessions(nowMs);
      await tx.insertOpsSession({ idHash: sha256Hex(id), ...session });
    });
    return { id, session };
  }

  /** The live session for a cookie value (touching it), or undefined when unknown or expired. */
  async find(id: string | undefined, nowMs: number): Promise<Session | undefined> {
    if (id === undefined || id === '') return undefined;
    const idHash = sha256Hex(id);
    const row = await this.#store.read((r) => r.opsSession(idHash));
    if (row === undefined) return undefined;
    if (nowMs >= row.expiresAt) {
      await this.#store.transaction((tx) => tx.deleteOpsSession(idHash));
      return undefined;
    }
    const expiresAt = expiryOf(row.createdAt, nowMs);
    if (expiresAt - row.expiresAt >= EXTEND_STEP_MS) {
      await this.#store.transaction((tx) => tx.extendOpsSession(idHash, expiresAt));
      return { csrf: row.csrf, createdAt: row.createdAt, expiresAt };
    }
    return { csrf: row.csrf, createdAt: row.createdAt, expiresAt: row.expiresAt };
  }

  async end(id: string | undefined): Promise<void> {
    if (id !== undefined && id !== '') await this.#store.transaction((tx) => tx.deleteOpsSession(sha256Hex(id)));
  }
}

/** Whether a form's token is the session's, compared in constant time. */
export const csrfMatches = (session: Session, presented: unknown): boolean => {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(sha256Hex(presented), 'hex');
  const b = Buffer.from(sha256Hex(session.csrf), 'hex');
  return timingSafeEqual(a, b);
};
