import { InputError, PreconditionError, StateError } from '../../errors/index.js';
import { openStoreDatabase } from '../../store/open-store-database.js';
import type { SqliteDatabase } from '../../store/sqlite-driver.js';
import { SecretConflictError, SecretNotFoundError } from '../secret-errors.js';
import { checkProject, checkSecretName, checkSecretValue, quoteForError } from '../secret-input.js';
import type {
  SecretInfo,
  SecretProvider,
  SecretValue,
  SecretVersionInfo,
} from '../secret-types.js';
import { settle } from '../settle.js';
import { openValue, rewrapDataKey, sealValue, type SealContext } from './envelope.js';
import { kekFileFromEnv, loadKek, type Kek } from './kek.js';

type NameRow = { created_at: string; deleted_at: string | null };
type VersionRow = {
  version: number;
  created_at: string;
  kek_id: string;
  wrapped_key: Buffer;
  ciphertext: Buffer;
};

export type OpenBuiltinSecretStoreOptions = {
  /** Default: SLIPWAY_SECRETS_KEK_FILE from `env`. */
  readonly kekFile?: string;
  /** Default: Slipway's state file. */
  readonly databaseFile?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly clock?: () => Date;
};

/**
 * Opens the built-in store: the KEK is loaded and checked first, so a missing or bad KEK fails
 * with a PreconditionError before the database is created or touched.
 */
export function openBuiltinSecretStore(
  options: OpenBuiltinSecretStoreOptions = {},
): BuiltinSecretStore {
  const kek = loadKek(options.kekFile ?? kekFileFromEnv(options.env));
  const db = openStoreDatabase(options.databaseFile);
  try {
    return new BuiltinSecretStore(db, kek, { ownsDatabase: true, clock: options.clock });
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The built-in store over a (shared) state database; one SecretProvider per project scope. */
export class BuiltinSecretStore {
  private readonly ownsDatabase: boolean;
  private readonly clock: () => Date;

  constructor(
    readonly db: SqliteDatabase,
    private kek: Kek,
    options: { ownsDatabase?: boolean; clock?: (() => Date) | undefined } = {},
  ) {
    this.ownsDatabase = options.ownsDatabase ?? false;
    this.clock = options.clock ?? ((): Date => new Date());
    this.immediate(() => {
      const recorded = this.recordedKekId();
      if (recorded === undefined) {
        db.prepare("INSERT INTO secret_store_meta (key, value) VALUES ('kek_id', ?)").run(kek.id);
      } else if (recorded !== kek.id) {
        throw new PreconditionError(
          `the key-encryption key ${kek.source} (id ${kek.id}) is not the one this store's secrets are wrapped with (id ${recorded}); the store was not opened`,
          {
            hint: 'point SLIPWAY_SECRETS_KEK_FILE at the KEK this store was written with (after a rewrap, the new one)',
          },
        );
      }
    });
  }

  /** The id of the KEK every data key is wrapped with, as recorded in the store. */
  private recordedKekId(): string | undefined {
    const row = this.db
      .prepare("SELECT value FROM secret_store_meta WHERE key = 'kek_id'")
      .get() as { value: string } | undefined;
    return row?.value;
  }

  /**
   * Inside a write: fails if another process rewrapped the store under a new KEK since this one
   * opened it, so no data key is ever wrapped under a retired KEK.
   */
  checkKekCurrent(): void {
    const recorded = this.recordedKekId();
    if (recorded === this.kek.id) return;
    throw new StateError(
      `the secret store was rewrapped under key-encryption key ${recorded ?? '(none)'}, but this process holds ${this.kek.id}; nothing was written`,
      { hint: 'restart with SLIPWAY_SECRETS_KEK_FILE pointing at the new KEK' },
    );
  }

  /** The secrets of one project. */
  provider(scope: string): SecretProvider {
    return new BuiltinScopedSecrets(this, checkProject(scope, 'scope'));
  }

  /** Which KEK wraps the data keys now. */
  get kekId(): string {
    return this.kek.id;
  }

  /**
   * Re-wraps every data key under `newKek` in one transaction; values' ciphertexts are not
   * touched. Afterwards only `newKek` opens the store: keep the old one until this returns.
   */
  rewrap(newKek: Kek): Promise<{ rewrapped: number }> {
    return settle(() => {
      const old = this.kek;
      const rewrapped = this.immediate(() => {
        this.checkKekCurrent();
        const rows = this.db
          .prepare('SELECT scope, name, version, kek_id, wrapped_key FROM secret_versions')
          .all() as (SealContext & { kek_id: string; wrapped_key: Buffer })[];
        const update = this.db.prepare(
          'UPDATE secret_versions SET wrapped_key = ?, kek_id = ? WHERE scope = ? AND name = ? AND version = ?',
        );
        let count = 0;
        for (const row of rows) {
          if (row.kek_id === newKek.id) continue;
          const next = rewrapDataKey(old, newKek, row, {
            wrappedKey: row.wrapped_key,
            kekId: row.kek_id,
          });
          update.run(next.wrappedKey, next.kekId, row.scope, row.name, row.version);
          count++;
        }
        this.db
          .prepare("UPDATE secret_store_meta SET value = ? WHERE key = 'kek_id'")
          .run(newKek.id);
        return count;
      });
      this.kek = newKek;
      return { rewrapped };
    });
  }

  /** Closes the database if this store opened it. */
  close(): void {
    if (this.ownsDatabase) this.db.close();
  }

  /** @internal the scoped providers' access to the store. */
  now(): string {
    return this.clock().toISOString();
  }

  /** @internal */
  currentKek(): Kek {
    return this.kek;
  }

  /**
   * Runs `fn` holding SQLite's write lock from the start (BEGIN IMMEDIATE), so two writers
   * never both read the same newest version; a second process waits (busy_timeout) for the lock.
   */
  immediate<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }
}

const versionPattern = /^[1-9][0-9]{0,14}$/;

class BuiltinScopedSecrets implements SecretProvider {
  readonly kind = 'builtin';
  readonly softDelete = true;

  constructor(
    private readonly store: BuiltinSecretStore,
    private readonly scope: string,
  ) {}

  private get db(): SqliteDatabase {
    return this.store.db;
  }

  private nameRow(name: string): NameRow | undefined {
    return this.db
      .prepare('SELECT created_at, deleted_at FROM secret_names WHERE scope = ? AND name = ?')
      .get(this.scope, name) as NameRow | undefined;
  }

  /** The row of a live secret; SecretNotFoundError (with a recovery hint if soft-deleted). */
  private liveRow(name: string): NameRow {
    const row = this.nameRow(name);
    if (row === undefined) throw new SecretNotFoundError(name, undefined);
    if (row.deleted_at !== null) {
      throw new SecretNotFoundError(name, undefined, true, {
        hint: `it was soft-deleted at ${row.deleted_at}; recover it (recover("${name}")) or purge it`,
      });
    }
    return row;
  }

  get(name: string, version?: string): Promise<SecretValue> {
    return settle(() => {
      checkSecretName(name);
      if (version !== undefined && !versionPattern.test(version)) {
        throw new InputError(
          `version ${quoteForError(version)} is not a version of the built-in store`,
          {
            hint: 'versions are whole numbers from 1; omit the version for the newest',
          },
        );
      }
      this.liveRow(name);
      const row = this.db
        .prepare(
          `SELECT version, created_at, kek_id, wrapped_key, ciphertext FROM secret_versions
           WHERE scope = ? AND name = ? ${version === undefined ? '' : 'AND version = ?'}
           ORDER BY version DESC LIMIT 1`,
        )
        .get(this.scope, name, ...(version === undefined ? [] : [Number(version)])) as
        VersionRow | undefined;
      if (row === undefined) throw new SecretNotFoundError(name, version);
      const value = openValue(
        this.store.currentKek(),
        { scope: this.scope, name, version: row.version },
        { ciphertext: row.ciphertext, wrappedKey: row.wrapped_key, kekId: row.kek_id },
      );
      return { name, version: String(row.version), value, createdAt: row.created_at };
    });
  }

  set(name: string, value: string): Promise<string> {
    return settle(() => {
      checkSecretName(name);
      checkSecretValue(value);
      const version = this.store.immediate(() => {
        this.store.checkKekCurrent();
        const now = this.store.now();
        const existing = this.nameRow(name);
        if (existing?.deleted_at != null) {
          throw new SecretConflictError(`secret ${name} is deleted and cannot be written`, {
            hint: 'recover it to keep its versions, or purge it to start again',
          });
        }
        if (existing === undefined) {
          this.db
            .prepare('INSERT INTO secret_names (scope, name, created_at) VALUES (?, ?, ?)')
            .run(this.scope, name, now);
        }
        const { newest } = this.db
          .prepare(
            'SELECT MAX(version) AS newest FROM secret_versions WHERE scope = ? AND name = ?',
          )
          .get(this.scope, name) as { newest: number | null };
        const next = (newest ?? 0) + 1;
        const sealed = sealValue(
          this.store.currentKek(),
          { scope: this.scope, name, version: next },
          value,
        );
        this.db
          .prepare(
            `INSERT INTO secret_versions (scope, name, version, created_at, kek_id, wrapped_key, ciphertext)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(this.scope, name, next, now, sealed.kekId, sealed.wrappedKey, sealed.ciphertext);
        return next;
      });
      return String(version);
    });
  }

  list(prefix = ''): Promise<SecretInfo[]> {
    return settle(() => {
      if (typeof prefix !== 'string' || prefix.length > 128) {
        throw new InputError('prefix must be a string of at most 128 characters');
      }
      const rows = this.db
        .prepare(
          `SELECT n.name AS name, n.created_at AS created_at, MAX(v.created_at) AS updated_at
           FROM secret_names n JOIN secret_versions v ON v.scope = n.scope AND v.name = n.name
           WHERE n.scope = ? AND n.deleted_at IS NULL AND substr(n.name, 1, ?) = ?
           GROUP BY n.name ORDER BY n.name`,
        )
        .all(this.scope, prefix.length, prefix) as {
        name: string;
        created_at: string;
        updated_at: string;
      }[];
      return rows.map((r) => ({ name: r.name, createdAt: r.created_at, updatedAt: r.updated_at }));
    });
  }

  delete(name: string): Promise<void> {
    return settle(() => {
      checkSecretName(name);
      this.store.immediate(() => {
        const row = this.nameRow(name);
        if (row === undefined) throw new SecretNotFoundError(name, undefined);
        if (row.deleted_at !== null) return; // already deleted: deleting again changes nothing
        this.db
          .prepare('UPDATE secret_names SET deleted_at = ? WHERE scope = ? AND name = ?')
          .run(this.store.now(), this.scope, name);
      });
    });
  }

  recover(name: string): Promise<void> {
    return settle(() => {
      checkSecretName(name);
      this.store.immediate(() => {
        if (this.nameRow(name) === undefined) throw new SecretNotFoundError(name, undefined);
        this.db
          .prepare('UPDATE secret_names SET deleted_at = NULL WHERE scope = ? AND name = ?')
          .run(this.scope, name);
      });
    });
  }

  purge(name: string): Promise<void> {
    return settle(() => {
      checkSecretName(name);
      this.store.immediate(() => {
        if (this.nameRow(name) === undefined) throw new SecretNotFoundError(name, undefined);
        this.db
          .prepare('DELETE FROM secret_versions WHERE scope = ? AND name = ?')
          .run(this.scope, name);
        this.db
          .prepare('DELETE FROM secret_names WHERE scope = ? AND name = ?')
          .run(this.scope, name);
      });
    });
  }

  versions(name: string): Promise<SecretVersionInfo[]> {
    return settle(() => {
      checkSecretName(name);
      this.liveRow(name);
      const rows = this.db
        .prepare(
          'SELECT version, created_at FROM secret_versions WHERE scope = ? AND name = ? ORDER BY version',
        )
        .all(this.scope, name) as { version: number; created_at: string }[];
      return rows.map((r) => ({ version: String(r.version), createdAt: r.created_at }));
    });
  }
}
