import { createRequire } from 'node:module';
import { PreconditionError } from '../errors/index.js';

// better-sqlite3 is CommonJS with a native binding and ships no types; these are the few calls
// the store makes, typed here rather than adding @types for them.

export type SqliteStatement = {
  run(...params: unknown[]): { readonly changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
};

export type SqliteDatabase = {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  pragma(pragma: string, options?: { simple: boolean }): unknown;
  transaction<T>(fn: () => T): () => T;
  close(): void;
};

type DatabaseConstructor = new (file: string) => SqliteDatabase;

/** Opens (creating if needed) a SQLite file; ':memory:' for a throwaway one. */
export function openSqlite(file: string): SqliteDatabase {
  let Database: DatabaseConstructor;
  try {
    Database = createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
  } catch (cause) {
    throw new PreconditionError('cannot load better-sqlite3, which keeps Slipway’s run history', {
      hint: 'run `npm install` in Slipway’s folder so its native part is built (it needs gcc and make)',
      cause,
    });
  }
  return new Database(file);
}
