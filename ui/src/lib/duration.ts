// Durations and times as people read them in tables. Pure.

/** 850ms, 12s, 3m 05s, 1h 02m, 2d 03h. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${pad(seconds % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${pad(minutes % 60)}m`;
  return `${Math.floor(hours / 24)}d ${pad(hours % 24)}h`;
}

/**
 * How long something took: its recorded duration, else finish − start, else (still running)
 * now − start; undefined when it never started.
 */
export function elapsedMs(
  item: {
    readonly startedAt?: string | null;
    readonly finishedAt?: string | null;
    readonly durationMs?: number;
  },
  nowMs: number,
): number | undefined {
  if (item.durationMs !== undefined) return item.durationMs;
  if (item.startedAt === undefined || item.startedAt === null) return undefined;
  const start = Date.parse(item.startedAt);
  const finished = item.finishedAt ?? undefined;
  const end = finished === undefined ? nowMs : Date.parse(finished);
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return Math.max(0, end - start);
}

/** "3m ago", "just now", "in 2h" for a time relative to now. */
export function formatAge(iso: string | null | undefined, nowMs: number): string {
  if (iso === undefined || iso === null) return '–';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const diff = nowMs - at;
  if (Math.abs(diff) < 5000) return 'just now';
  const text = formatDuration(Math.abs(diff)).split(' ')[0] ?? '';
  return diff > 0 ? `${text} ago` : `in ${text}`;
}

/** A timestamp in the reader's locale, for a title attribute or a table cell. */
export function formatTime(iso: string | null | undefined): string {
  if (iso === undefined || iso === null) return '–';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString();
}
