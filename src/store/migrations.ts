// Every table the store has, as an ordered list: a database is brought forward by running the
// migrations it has not seen, so pipeline runs, sync history and audit can share one file.

export type Migration = { readonly version: number; readonly name: string; readonly sql: string };

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'pipeline runs and their logs',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        pipeline TEXT NOT NULL,
        repo TEXT NOT NULL,
        event TEXT NOT NULL,
        status TEXT NOT NULL,
        concurrency_group TEXT,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        owner TEXT,
        summary TEXT NOT NULL
      );
      CREATE INDEX runs_by_created ON runs (created_at DESC);
      CREATE INDEX runs_by_group ON runs (concurrency_group, status);
      CREATE TABLE logs (
        run_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        job TEXT NOT NULL,
        step TEXT NOT NULL,
        time TEXT NOT NULL,
        line TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      );
    `,
  },
];

/** The migrations a database at `version` still needs, in order. Pure. */
export function pendingMigrations(
  version: number,
  all: readonly Migration[] = migrations,
): Migration[] {
  return [...all].filter((m) => m.version > version).sort((a, b) => a.version - b.version);
}
