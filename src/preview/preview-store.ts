import { defaultStorePath } from '../store/index.js';
import { openStoreDatabase } from '../store/open-store-database.js';
import type { SqliteDatabase } from '../store/sqlite-driver.js';
import type { PreviewRecord, PreviewStatus } from './preview-record.js';

// Previews in Slipway's one state file (table `previews`, migration 30), shared by `slipway up`
// and the CLI.

export type PreviewFilter = {
  readonly pr?: number;
  readonly app?: string;
  /** Deleted previews too (their tombstones); only the others when absent. */
  readonly includeDeleted?: boolean;
};

export type PreviewStore = {
  get(app: string, pr: number): PreviewRecord | undefined;
  /** Oldest first. */
  list(filter?: PreviewFilter): PreviewRecord[];
  put(record: PreviewRecord): void;
  close(): void;
};

type PreviewRow = {
  app: string;
  pr: number;
  namespace: string;
  application_namespace: string;
  repo: string;
  branch: string | null;
  sha: string;
  image: string;
  url: string | null;
  status: string;
  message: string | null;
  event_at: string;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
};

const columns = [
  'app',
  'pr',
  'namespace',
  'application_namespace',
  'repo',
  'branch',
  'sha',
  'image',
  'url',
  'status',
  'message',
  'event_at',
  'closed_at',
  'created_at',
  'updated_at',
  'expires_at',
] as const;

function fromRow(row: PreviewRow): PreviewRecord {
  return {
    pr: row.pr,
    app: row.app,
    namespace: row.namespace,
    applicationNamespace: row.application_namespace,
    repo: row.repo,
    branch: row.branch ?? undefined,
    sha: row.sha,
    image: row.image,
    url: row.url ?? undefined,
    status: row.status as PreviewStatus,
    message: row.message ?? undefined,
    eventAt: row.event_at,
    closedAt: row.closed_at ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
  };
}

function toRow(r: PreviewRecord): PreviewRow {
  return {
    app: r.app,
    pr: r.pr,
    namespace: r.namespace,
    application_namespace: r.applicationNamespace,
    repo: r.repo,
    branch: r.branch ?? null,
    sha: r.sha,
    image: r.image,
    url: r.url ?? null,
    status: r.status,
    message: r.message ?? null,
    event_at: r.eventAt,
    closed_at: r.closedAt ?? null,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    expires_at: r.expiresAt,
  };
}

export class SqlitePreviewStore implements PreviewStore {
  private constructor(
    private readonly db: SqliteDatabase,
    private readonly owned: boolean,
  ) {}

  /** Opens the state file (`~/.cache/slipway/state/slipway.db` by default), migrating it. */
  static open(file: string = defaultStorePath()): SqlitePreviewStore {
    return new SqlitePreviewStore(openStoreDatabase(file), true);
  }

  /** Shares a database another store opened (and will close). */
  static on(db: SqliteDatabase): SqlitePreviewStore {
    return new SqlitePreviewStore(db, false);
  }

  get(app: string, pr: number): PreviewRecord | undefined {
    const row = this.db.prepare('SELECT * FROM previews WHERE app = ? AND pr = ?').get(app, pr) as
      PreviewRow | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  list(filter: PreviewFilter = {}): PreviewRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.pr !== undefined) {
      where.push('pr = ?');
      params.push(filter.pr);
    }
    if (filter.app !== undefined) {
      where.push('app = ?');
      params.push(filter.app);
    }
    if (filter.includeDeleted !== true) where.push("status != 'Deleted'");
    const sql = `SELECT * FROM previews ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at, app, pr`;
    return (this.db.prepare(sql).all(...params) as PreviewRow[]).map(fromRow);
  }

  put(record: PreviewRecord): void {
    const row = toRow(record);
    this.db
      .prepare(
        `INSERT OR REPLACE INTO previews (${columns.join(', ')})
         VALUES (${columns.map(() => '?').join(', ')})`,
      )
      .run(...columns.map((c) => row[c]));
  }

  close(): void {
    if (this.owned) this.db.close();
  }
}
