/**
 * Ops dashboard sessions, shared by every instance on the database: a session started through one instance
 * is accepted by the others and outlives a restart. The key is the SHA-256 of the cookie's session id (the
 * id itself is never stored); `expires_at` (epoch ms) is the earlier of the idle timeout and the absolute
 * lifetime, moved on as the session is used, and indexed for the sweep.
 */
import type { Migration } from './index.ts';

export const m018OpsSessions: Migration = {
  version: 18,
  name: 'ops-sessions',
  sql: `
CREATE TABLE ops_sessions (
  id_hash TEXT PRIMARY KEY,
  csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX ops_sessions_expires ON ops_sessions (expires_at);
`,
};
