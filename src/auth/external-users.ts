import { StateError } from '../errors/index.js';
import type { SqliteDatabase } from '../store/sqlite-driver.js';
import type { Grant } from './auth-types.js';
import { startSession } from './sessions.js';
import { validateGrants } from './users.js';

// People who prove who they are elsewhere (OIDC) still get a row in `users`, because a session
// reads its grants from there on every request; the row's password hash is a marker no password
// can match, so such a user can never sign in with a password.

/** The password_hash of a user who signs in through an IdP: not a `scrypt$…` hash. */
export const externalPasswordMarker = '!external';

/**
 * Creates or updates the external user `name` with exactly `grants` (the IdP's groups are the
 * truth at each sign-in) and starts a session for them. Refuses a name held by a local user.
 */
export function startExternalSession(
  db: SqliteDatabase,
  name: string,
  grants: readonly Grant[],
  now: Date,
): { sessionId: string; csrfToken: string } {
  validateGrants(grants);
  const json = JSON.stringify(grants);
  const existing = db.prepare('SELECT password_hash FROM users WHERE name = ?').get(name) as
    { password_hash: string } | undefined;
  if (existing === undefined) {
    db.prepare(
      'INSERT INTO users (name, password_hash, grants, created_at) VALUES (?, ?, ?, ?)',
    ).run(name, externalPasswordMarker, json, now.toISOString());
  } else if (existing.password_hash === externalPasswordMarker) {
    db.prepare('UPDATE users SET grants = ? WHERE name = ?').run(json, name);
  } else {
    throw new StateError(`user "${name}" is a local user; an IdP account cannot sign in as it`, {
      hint: 'rename the local user, or sign in with its password',
    });
  }
  return startSession(db, name, now);
}
