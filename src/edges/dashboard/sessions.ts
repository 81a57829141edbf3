/**
 * Dashboard sessions, held server-side in this process: a random id in the cookie (kept here only as its
 * SHA-256), a synchronizer CSRF token per session, an idle timeout and an absolute lifetime on the injected
 * clock. A restart signs everyone out, which is acceptable for an operator's console; the number of live
 * sessions is bounded (the oldest is dropped first).
 */
import { timingSafeEqual } from 'node:crypto';
import { newSecret, sha256Hex } from '../../services/auth/secrets.ts';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_MAX_MS = 12 * 60 * 60_000;
const MAX_SESSIONS = 1000;

export interface Session {
  readonly csrf: string;
  readonly createdAt: number;
  lastSeenAt: number;
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();

  /** A new session; the returned id goes in the cookie and is not kept. */
  create(nowMs: number): { readonly id: string; readonly session: Session } {
    const id = newSecret();
    const session: Session = { csrf: newSecret(), createdAt: nowMs, lastSeenAt: nowMs };
    this.#sessions.set(sha256Hex(id), session);
    while (this.#sessions.size > MAX_SESSIONS) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
    return { id, session };
  }

  /** The live session for a cookie value (touching it), or undefined when unknown or expired. */
  find(id: string | undefined, nowMs: number): Session | undefined {
    if (id === undefined || id === '') return undefined;
    const key = sha256Hex(id);
    const s = this.#sessions.get(key);
    if (s === undefined) return undefined;
    if (nowMs - s.lastSeenAt >= SESSION_IDLE_MS || nowMs - s.createdAt >= SESSION_MAX_MS) {
      this.#sessions.delete(key);
      return undefined;
    }
    s.lastSeenAt = nowMs;
    return s;
  }

  end(id: string | undefined): void {
    if (id !== undefined) this.#sessions.delete(sha256Hex(id));
  }
}

/** Whether a form's token is the session's, compared in constant time. */
export const csrfMatches = (session: Session, presented: unknown): boolean => {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(sha256Hex(presented), 'hex');
  const b = Buffer.from(sha256Hex(session.csrf), 'hex');
  return timingSafeEqual(a, b);
};
