import type { LogLine } from '../api/types';

// Merging log lines from the first read and from the live stream, which may overlap. Pure.

/** The lines of both, each seq once, in seq order; cheap when `incoming` only appends. */
export function mergeLogLines(
  existing: readonly LogLine[],
  incoming: readonly LogLine[],
): readonly LogLine[] {
  if (incoming.length === 0) return existing;
  const lastSeq = existing[existing.length - 1]?.seq ?? 0;
  const appendsInOrder = incoming.every(
    (line, i) => line.seq > (i === 0 ? lastSeq : (incoming[i - 1]?.seq ?? 0)),
  );
  if (appendsInOrder) return [...existing, ...incoming];
  const bySeq = new Map<number, LogLine>();
  for (const line of existing) bySeq.set(line.seq, line);
  for (const line of incoming) bySeq.set(line.seq, line);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Whether a stream event's data is a log line of this run. */
export function isLogLine(data: unknown, runId: string): data is LogLine {
  if (typeof data !== 'object' || data === null) return false;
  const line = data as Partial<LogLine> & { runId?: string };
  return (
    typeof line.seq === 'number' &&
    typeof line.line === 'string' &&
    (line.runId === undefined || line.runId === runId)
  );
}
