import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TriggerEvent } from '../pipeline/plan/index.js';
import { pendingMigrations } from './migrations.js';
import type {
  LogEntry,
  NewLogEntry,
  RunFilter,
  RunPatch,
  RunRecord,
  RunStatus,
  RunStore,
  RunSummary,
} from './run-record.js';
import { openSqlite, type SqliteDatabase } from './sqlite-driver.js';

/** `~/.cache/slipway/state/slipway.db`, under $SLIPWAY_CACHE when set. */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env['SLIPWAY_CACHE'] ?? join(homedir(), '.cache', 'slipway');
  return join(cache, 'state', 'slipway.db');
}

type RunRow = {
  id: string;
  pipeline: string;
  repo: string;
  event: string;
  status: string;
  concurrency_group: string | null;
  cancel_requested: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  owner: string | null;
  summary: string;
};

type LogRow = {
  run_id: string;
  seq: number;
  job: string;
  step: string;
  time: string;
  line: string;
};

/** The run store in one SQLite file; several processes may share it (WAL, busy timeout). */
export class SqliteRunStore implements RunStore {
  private readonly db: SqliteDatabase;

  constructor(file: string = defaultStorePath()) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = openSqlite(file);
    this.db.pragma('busy_timeout = 5000');
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.migrate();
  }

  private migrate(): void {
    const version = Number(this.db.pragma('user_version', { simple: true }));
    for (const migration of pendingMigrations(version)) {
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.db.pragma(`user_version = ${migration.version}`);
      })();
    }
  }

  createRun(run: RunRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO runs (id, pipeline, repo, event, status, concurrency_group, cancel_requested,
           created_at, started_at, finished_at, owner, summary)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.id,
        run.pipeline,
        run.repo,
        JSON.stringify(run.event),
        run.status,
        run.concurrencyGroup ?? null,
        run.cancelRequested ? 1 : 0,
        run.createdAt,
        run.startedAt ?? null,
        run.finishedAt ?? null,
        run.owner === undefined ? null : JSON.stringify(run.owner),
        JSON.stringify(run.summary),
      );
    return Promise.resolve();
  }

  updateRun(id: string, patch: RunPatch): Promise<void> {
    const columns: [string, unknown][] = [];
    if (patch.status !== undefined) columns.push(['status', patch.status]);
    if (patch.startedAt !== undefined) columns.push(['started_at', patch.startedAt]);
    if (patch.finishedAt !== undefined) columns.push(['finished_at', patch.finishedAt]);
    if (patch.summary !== undefined) columns.push(['summary', JSON.stringify(patch.summary)]);
    if (patch.cancelRequested !== undefined) {
      columns.push(['cancel_requested', patch.cancelRequested ? 1 : 0]);
    }
    if (columns.length > 0) {
      const set = columns.map(([name]) => `${name} = ?`).join(', ');
      this.db
        .prepare(`UPDATE runs SET ${set} WHERE id = ?`)
        .run(...columns.map(([, value]) => value), id);
    }
    return Promise.resolve();
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return Promise.resolve(row === undefined ? undefined : fromRow(row));
  }

  listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.pipeline !== undefined) {
      where.push('pipeline = ?');
      params.push(filter.pipeline);
    }
    if (filter.repo !== undefined) {
      where.push('repo = ?');
      params.push(filter.repo);
    }
    if (filter.concurrencyGroup !== undefined) {
      where.push('concurrency_group = ?');
      params.push(filter.concurrencyGroup);
    }
    if (filter.status !== undefined) {
      where.push(`status IN (${filter.status.map(() => '?').join(', ') || "''"})`);
      params.push(...filter.status);
    }
    const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    const rows = this.db
      .prepare(`SELECT * FROM runs ${clause} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...params, filter.limit ?? 50) as RunRow[];
    return Promise.resolve(rows.map(fromRow));
  }

  requestCancel(id: string): Promise<boolean> {
    const result = this.db.prepare('UPDATE runs SET cancel_requested = 1 WHERE id = ?').run(id);
    return Promise.resolve(result.changes > 0);
  }

  appendLog(entry: NewLogEntry): Promise<number> {
    // One statement, so the next number is taken under SQLite's write lock.
    const row = this.db
      .prepare(
        `INSERT INTO logs (run_id, seq, job, step, time, line)
         SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? FROM logs WHERE run_id = ?
         RETURNING seq`,
      )
      .get(entry.runId, entry.job, entry.step, entry.time, entry.line, entry.runId) as {
      seq: number;
    };
    return Promise.resolve(row.seq);
  }

  logs(runId: string, afterSeq = 0, limit = 100_000): Promise<LogEntry[]> {
    const rows = this.db
      .prepare('SELECT * FROM logs WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(runId, afterSeq, limit) as LogRow[];
    return Promise.resolve(
      rows.map((row) => ({
        runId: row.run_id,
        seq: row.seq,
        job: row.job,
        step: row.step,
        time: row.time,
        line: row.line,
      })),
    );
  }

  close(): void {
    this.db.close();
  }
}

function fromRow(row: RunRow): RunRecord {
  return {
    id: row.id,
    pipeline: row.pipeline,
    repo: row.repo,
    // Written by this store from these same types.
    event: JSON.parse(row.event) as TriggerEvent,
    status: row.status as RunStatus,
    concurrencyGroup: row.concurrency_group ?? undefined,
    cancelRequested: row.cancel_requested !== 0,
    createdAt: row.created_at,
    startedAt: row.started_at ?? undefined,
    finishedAt: row.finished_at ?? undefined,
    owner:
      row.owner === null ? undefined : (JSON.parse(row.owner) as { host: string; pid: number }),
    summary: JSON.parse(row.summary) as RunSummary,
  };
}
