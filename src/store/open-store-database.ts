import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pendingMigrations } from './migrations.js';
import { defaultStorePath } from './sqlite-run-store.js';
import { openSqlite, type SqliteDatabase } from './sqlite-driver.js';

/**
 * Opens Slipway's one state file (creating it and its folder), set up to be shared by several
 * processes (WAL, busy timeout) and brought forward to the newest migration.
 */
export function openStoreDatabase(file: string = defaultStorePath()): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = openSqlite(file);
  db.pragma('busy_timeout = 5000');
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  migrateStoreDatabase(db);
  return db;
}

/**
 * Runs the migrations the database has not seen. The version is read again under a write lock
 * so two processes opening a new file at once do not both create the same tables.
 */
export function migrateStoreDatabase(db: SqliteDatabase): void {
  const version = (): number => Number(db.pragma('user_version', { simple: true }));
  if (pendingMigrations(version()).length === 0) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const migration of pendingMigrations(version())) {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
