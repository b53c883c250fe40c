import type { SqliteDatabase } from '../store/sqlite-driver.js';
import type { Grant } from './auth-types.js';
import { randomSecret, sha256 } from './secrets.js';
import { parseGrants } from './users.js';

/** A session not used for this long is over. */
export const sessionIdleMs = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often. */
const lastSeenResolutionMs = 60_000;

type SessionRow = { user: string; csrf_token: string; last_seen_at: string; grants: string };

/** Starts a session; returns its id (the cookie value, kept only as sha256) and CSRF token. */
export function startSession(
  db: SqliteDatabase,
  user: string,
  now: Date,
): { sessionId: string; csrfToken: string } {
  const sessionId = randomSecret(32);
  const csrfToken = randomSecret(32);
  const at = now.toISOString();
  // Sweeping here keeps the table to live sessions without a timer.
  const cutoff = new Date(now.getTime() - sessionIdleMs).toISOString();
  db.prepare('DELETE FROM sessions WHERE last_seen_at < ?').run(cutoff);
  db.prepare(
    'INSERT INTO sessions (id_sha256, user, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)',
  ).run(sha256(sessionId), user, csrfToken, at, at);
  return { sessionId, csrfToken };
}

/** The session's user, grants and CSRF token, extending its idle time; undefined when over. */
export function resumeSession(
  db: SqliteDatabase,
  sessionId: string,
  now: Date,
): { user: string; grants: Grant[]; csrfToken: string } | undefined {
  const key = sha256(sessionId);
  const row = db
    .prepare(
      `SELECT s.user, s.csrf_token, s.last_seen_at, u.grants FROM sessions s
       JOIN users u ON u.name = s.user WHERE s.id_sha256 = ?`,
    )
    .get(key) as SessionRow | undefined;
  if (row === undefined) return undefined;
  const idle = now.getTime() - Date.parse(row.last_seen_at);
  if (idle >= sessionIdleMs) {
    db.prepare('DELETE FROM sessions WHERE id_sha256 = ?').run(key);
    return undefined;
  }
  if (idle >= lastSeenResolutionMs) {
    db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_sha256 = ?').run(
      now.toISOString(),
      key,
    );
  }
  return { user: row.user, grants: parseGrants(row.grants), csrfToken: row.csrf_token };
}

export function endSession(db: SqliteDatabase, sessionId: string): void {
  db.prepare('DELETE FROM sessions WHERE id_sha256 = ?').run(sha256(sessionId));
}
