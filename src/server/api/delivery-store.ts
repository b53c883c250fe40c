import type { SqliteDatabase } from '../../store/sqlite-driver.js';
import type { DeliveryEvent, DeliveryEventKind } from './delivery-metrics.js';

// The delivery events the DORA metrics are computed from (table delivery_events, migration 10).
// An event is recorded once: the same kind, subject and ref again is ignored.

export type DeliveryStore = {
  readonly record: (event: DeliveryEvent) => void;
  readonly since: (fromIso: string) => DeliveryEvent[];
};

type Row = { kind: string; subject: string; ref: string; at: string; revision: string | null };

export function sqliteDeliveryStore(db: SqliteDatabase): DeliveryStore {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO delivery_events (kind, subject, ref, at, revision) VALUES (?, ?, ?, ?, ?)',
  );
  const select = db.prepare(
    'SELECT kind, subject, ref, at, revision FROM delivery_events WHERE at >= ? ORDER BY at',
  );
  return {
    record: (e) => {
      insert.run(e.kind, e.subject, e.ref, e.at, e.revision ?? null);
    },
    since: (fromIso) =>
      (select.all(fromIso) as Row[]).map((row) => ({
        kind: row.kind as DeliveryEventKind,
        subject: row.subject,
        ref: row.ref,
        at: row.at,
        ...(row.revision === null ? {} : { revision: row.revision }),
      })),
  };
}

/** For tests and for a server without a state file. */
export function memoryDeliveryStore(): DeliveryStore {
  const events = new Map<string, DeliveryEvent>();
  return {
    record: (e) => {
      const key = `${e.kind}\0${e.subject}\0${e.ref}`;
      if (!events.has(key)) events.set(key, e);
    },
    since: (fromIso) =>
      [...events.values()].filter((e) => e.at >= fromIso).sort((a, b) => a.at.localeCompare(b.at)),
  };
}
