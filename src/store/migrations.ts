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
  {
    version: 2,
    name: 'users, API tokens, sessions and audit',
    // Secrets are never stored: a token and a session id are kept as their sha256, a password as
    // its scrypt hash. grants is a JSON array of {role, project}.
    sql: `
      CREATE TABLE users (
        name TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        grants TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        user TEXT NOT NULL,
        name TEXT NOT NULL,
        secret_sha256 TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT
      );
      CREATE INDEX api_tokens_by_user ON api_tokens (user);
      CREATE TABLE sessions (
        id_sha256 TEXT PRIMARY KEY,
        user TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      );
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        project TEXT NOT NULL,
        at TEXT NOT NULL,
        from_addr TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX audit_by_project ON audit (project, seq DESC);
      CREATE INDEX audit_by_who ON audit (who, seq DESC);
    `,
  },
  {
    // 10 and up: the server's; 2..9 are the auth store's.
    version: 10,
    name: 'delivery events for the DORA metrics',
    sql: `
      CREATE TABLE delivery_events (
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        ref TEXT NOT NULL,
        at TEXT NOT NULL,
        revision TEXT,
        PRIMARY KEY (kind, subject, ref)
      );
      CREATE INDEX delivery_events_by_at ON delivery_events (at);
    `,
  },
  {
    // 20..29: the secret store's (src/secrets/builtin).
    version: 20,
    name: 'secret store: names, encrypted versions, and which KEK wraps them',
    // Values are never stored in clear: ciphertext is the value sealed with a per-version data
    // key (AES-256-GCM), wrapped_key that data key sealed with the KEK kept outside this file.
    sql: `
      CREATE TABLE secret_names (
        scope TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        deleted_at TEXT,
        PRIMARY KEY (scope, name)
      );
      CREATE TABLE secret_versions (
        scope TEXT NOT NULL,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        kek_id TEXT NOT NULL,
        wrapped_key BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        PRIMARY KEY (scope, name, version)
      );
      CREATE TABLE secret_store_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    // 30..39: previews (src/preview).
    version: 30,
    name: 'preview environments per pull request',
    // One row per app and pull request, kept after deletion (status Deleted, closed_at set) so a
    // pipeline result arriving after the close is recognised and discarded.
    sql: `
      CREATE TABLE previews (
        app TEXT NOT NULL,
        pr INTEGER NOT NULL,
        namespace TEXT NOT NULL,
        application_namespace TEXT NOT NULL,
        repo TEXT NOT NULL,
        branch TEXT,
        sha TEXT NOT NULL,
        image TEXT NOT NULL,
        url TEXT,
        status TEXT NOT NULL,
        message TEXT,
        event_at TEXT NOT NULL,
        closed_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        PRIMARY KEY (app, pr)
      );
      CREATE INDEX previews_by_status ON previews (status, expires_at);
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
