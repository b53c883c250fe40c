import { openStoreDatabase } from '../store/open-store-database.js';
import { defaultStorePath } from '../store/sqlite-run-store.js';
import type { SqliteDatabase } from '../store/sqlite-driver.js';
import type { Authenticator } from './auth-types.js';
import { SqliteAuditLog } from './audit-log.js';
import { createAuthenticator, type AuthenticatorOptions } from './authenticator.js';

export type AuthStore = {
  /** For the user functions (bootstrapAdmin, createUser, setGrants, listUsers). */
  readonly db: SqliteDatabase;
  readonly authenticator: Authenticator;
  readonly audit: SqliteAuditLog;
  readonly close: () => void;
};

/**
 * Opens the state file the run store uses (`~/.cache/slipway/state/slipway.db`, under
 * $SLIPWAY_CACHE when set), brought up to the newest migration, with an authenticator and audit
 * log over it.
 */
export function openAuthStore(
  file: string = defaultStorePath(),
  options: AuthenticatorOptions = {},
): AuthStore {
  const db = openStoreDatabase(file);
  return {
    db,
    authenticator: createAuthenticator(db, options),
    audit: new SqliteAuditLog(db),
    close: () => db.close(),
  };
}
