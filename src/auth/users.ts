import { InputError } from '../errors/index.js';
import type { SqliteDatabase } from '../store/sqlite-driver.js';
import type { Grant, Role } from './auth-types.js';
import { hashPassword } from './password.js';
import { randomPassword } from './secrets.js';

export type UserRecord = {
  readonly name: string;
  readonly grants: readonly Grant[];
  readonly createdAt: string;
};

type UserRow = { name: string; password_hash: string; grants: string; created_at: string };

export const roles: readonly Role[] = ['viewer', 'deployer', 'admin'];
const userNamePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const minPasswordLength = 12;

/** The admin created on first start: every role in every project. */
export const adminGrants: readonly Grant[] = [{ role: 'admin', project: '*' }];

/** Throws InputError naming the grant at fault. Pure. */
export function validateGrants(grants: readonly Grant[]): void {
  grants.forEach((grant, i) => {
    if (!roles.includes(grant.role)) {
      throw new InputError(`grant ${i}: role "${String(grant.role)}" is not a Slipway role`, {
        hint: `use one of ${roles.join(', ')}`,
      });
    }
    if (typeof grant.project !== 'string' || grant.project.trim() === '') {
      throw new InputError(`grant ${i}: project is empty`, {
        hint: "name an Application's spec.project, or '*' for every project",
      });
    }
  });
}

function validateUserName(name: string): void {
  if (!userNamePattern.test(name)) {
    throw new InputError(`user name "${name}" is not allowed`, {
      hint: 'use 1–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit',
    });
  }
}

function validatePassword(password: string): void {
  if (password.length < minPasswordLength) {
    throw new InputError(`the password is too short (${password.length} characters)`, {
      hint: `use at least ${minPasswordLength} characters`,
    });
  }
}

/**
 * Creates the local `admin` with a random 20-character password when there is no user yet, and
 * returns that password — the only time it exists in clear; the caller prints it. Undefined when
 * users exist already (also when another process got there first).
 */
export async function bootstrapAdmin(
  db: SqliteDatabase,
  now: () => Date = () => new Date(),
): Promise<string | undefined> {
  if (db.prepare('SELECT 1 FROM users LIMIT 1').get() !== undefined) return undefined;
  const password = randomPassword(20);
  const hash = await hashPassword(password);
  const result = db
    .prepare(
      `INSERT INTO users (name, password_hash, grants, created_at)
       SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM users)`,
    )
    .run('admin', hash, JSON.stringify(adminGrants), now().toISOString());
  return result.changes > 0 ? password : undefined;
}

export async function createUser(
  db: SqliteDatabase,
  name: string,
  password: string,
  grants: readonly Grant[],
  now: () => Date = () => new Date(),
): Promise<UserRecord> {
  validateUserName(name);
  validatePassword(password);
  validateGrants(grants);
  if (findUser(db, name) !== undefined) {
    throw new InputError(`user "${name}" exists already`, {
      hint: 'choose another name, or change its roles instead',
    });
  }
  const hash = await hashPassword(password);
  const createdAt = now().toISOString();
  db.prepare('INSERT INTO users (name, password_hash, grants, created_at) VALUES (?, ?, ?, ?)').run(
    name,
    hash,
    JSON.stringify(grants),
    createdAt,
  );
  return { name, grants: [...grants], createdAt };
}

/** Replaces a user's grants; their tokens and sessions carry the new ones from the next request. */
export function setGrants(db: SqliteDatabase, name: string, grants: readonly Grant[]): void {
  validateGrants(grants);
  const result = db
    .prepare('UPDATE users SET grants = ? WHERE name = ?')
    .run(JSON.stringify(grants), name);
  if (result.changes === 0) throw unknownUser(name);
}

/** Changes a password and ends the user's sessions (their API tokens stay valid). */
export async function setPassword(
  db: SqliteDatabase,
  name: string,
  password: string,
): Promise<void> {
  validatePassword(password);
  const hash = await hashPassword(password);
  const result = db.prepare('UPDATE users SET password_hash = ? WHERE name = ?').run(hash, name);
  if (result.changes === 0) throw unknownUser(name);
  db.prepare('DELETE FROM sessions WHERE user = ?').run(name);
}

export function listUsers(db: SqliteDatabase): UserRecord[] {
  const rows = db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[];
  return rows.map(toUser);
}

/** The user with their password hash, for sign-in; undefined when there is none. */
export function findUser(
  db: SqliteDatabase,
  name: string,
): (UserRecord & { readonly passwordHash: string }) | undefined {
  const row = db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  return row === undefined ? undefined : { ...toUser(row), passwordHash: row.password_hash };
}

/** Grants as stored; written only by this module from validated values. */
export function parseGrants(json: string): Grant[] {
  return JSON.parse(json) as Grant[];
}

function toUser(row: UserRow): UserRecord {
  return { name: row.name, grants: parseGrants(row.grants), createdAt: row.created_at };
}

function unknownUser(name: string): InputError {
  return new InputError(`there is no user "${name}"`, {
    hint: 'list the users to see their names',
  });
}
