import type { SqliteDatabase } from '../store/sqlite-driver.js';
import type { AuditEvent, AuditLog } from './auth-types.js';

type AuditRow = {
  seq: number;
  who: string;
  action: string;
  target: string;
  project: string;
  at: string;
  from_addr: string;
  outcome: AuditEvent['outcome'];
  detail: string | null;
};

const defaultLimit = 50;
const maxLimit = 500;

/** Who did what, to what, when, from where and how it went: the `audit` table, newest first. */
export class SqliteAuditLog implements AuditLog {
  constructor(private readonly db: SqliteDatabase) {}

  record(event: AuditEvent): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO audit (who, action, target, project, at, from_addr, outcome, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        event.who,
        event.action,
        event.target,
        event.project,
        event.at,
        event.from,
        event.outcome,
        event.detail ?? null,
      );
    return Promise.resolve();
  }

  list(filter: Parameters<AuditLog['list']>[0] = {}): Promise<AuditEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.project !== undefined) {
      where.push('project = ?');
      params.push(filter.project);
    }
    if (filter.who !== undefined) {
      where.push('who = ?');
      params.push(filter.who);
    }
    if (filter.before !== undefined) {
      // An id (all digits) is a position in the log; anything else is read as a time.
      where.push(/^\d+$/.test(filter.before) ? 'seq < ?' : 'at < ?');
      params.push(/^\d+$/.test(filter.before) ? Number(filter.before) : filter.before);
    }
    const limit = Math.min(Math.max(1, Math.trunc(filter.limit ?? defaultLimit)), maxLimit);
    const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    const rows = this.db
      .prepare(`SELECT * FROM audit ${clause} ORDER BY seq DESC LIMIT ?`)
      .all(...params, limit) as AuditRow[];
    return Promise.resolve(rows.map(fromRow));
  }
}

function fromRow(row: AuditRow): AuditEvent {
  return {
    id: String(row.seq),
    who: row.who,
    action: row.action,
    target: row.target,
    project: row.project,
    at: row.at,
    from: row.from_addr,
    outcome: row.outcome,
    ...(row.detail === null ? {} : { detail: row.detail }),
  };
}
