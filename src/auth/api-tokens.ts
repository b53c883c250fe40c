import { InputError } from '../errors/index.js';
import type { SqliteDatabase } from '../store/sqlite-driver.js';
import type { ApiToken, Grant } from './auth-types.js';
import { randomId, randomSecret, sha256 } from './secrets.js';
import { parseGrants } from './users.js';

/** What every API token starts with, so a leaked one is recognisable (and greppable). */
export const tokenPrefix = 'slw_';
/** lastUsedAt is written at most this often, so a busy token does not write on every request. */
const lastUsedResolutionMs = 60_000;

type TokenRow = {
  id: string;
  user: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
};

/** Creates a token for `user`; the secret is returned here only, the DB keeps its sha256. */
export function createApiToken(
  db: SqliteDatabase,
  user: string,
  name: string,
  now: Date,
): { token: ApiToken; secret: string } {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 100) {
    throw new InputError(`token name "${name}" is not allowed`, {
      hint: 'give the token a name of 1–100 characters saying what uses it, e.g. "ci"',
    });
  }
  if (db.prepare('SELECT 1 FROM users WHERE name = ?').get(user) === undefined) {
    throw new InputError(`there is no user "${user}" to create a token for`);
  }
  const secret = `${tokenPrefix}${randomSecret(32)}`;
  const token: ApiToken = { id: randomId(), user, name: trimmed, createdAt: now.toISOString() };
  db.prepare(
    'INSERT INTO api_tokens (id, user, name, secret_sha256, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(token.id, user, token.name, sha256(secret), token.createdAt);
  return { token, secret };
}

export function listApiTokens(db: SqliteDatabase, user: string): ApiToken[] {
  const rows = db
    .prepare(
      'SELECT id, user, name, created_at, last_used_at FROM api_tokens WHERE user = ? ORDER BY created_at, id',
    )
    .all(user) as TokenRow[];
  return rows.map((row) => ({
    id: row.id,
    user: row.user,
    name: row.name,
    createdAt: row.created_at,
    ...(row.last_used_at === null ? {} : { lastUsedAt: row.last_used_at }),
  }));
}

/** Deletes one of `user`'s tokens; false when they have none with that id. */
export function revokeApiToken(db: SqliteDatabase, user: string, id: string): boolean {
  return db.prepare('DELETE FROM api_tokens WHERE id = ? AND user = ?').run(id, user).changes > 0;
}

/** The user and grants behind a presented secret (and notes its use); undefined when unknown. */
export function resolveApiToken(
  db: SqliteDatabase,
  secret: string,
  now: Date,
): { user: string; grants: Grant[] } | undefined {
  if (!secret.startsWith(tokenPrefix)) return undefined;
  // Looked up by hash: the index compares hashes, never the secret.
  const row = db
    .prepare(
      `SELECT t.id, u.name AS user, u.grants FROM api_tokens t JOIN users u ON u.name = t.user
       WHERE t.secret_sha256 = ?`,
    )
    .get(sha256(secret)) as { id: string; user: string; grants: string } | undefined;
  if (row === undefined) return undefined;
  const stale = new Date(now.getTime() - lastUsedResolutionMs).toISOString();
  db.prepare(
    'UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)',
  ).run(now.toISOString(), row.id, stale);
  return { user: row.user, grants: parseGrants(row.grants) };
}
