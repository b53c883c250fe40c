import type { RunRecord } from '../../store/index.js';

// Concurrency groups as in GitHub: one run of a group at a time. A new run waits for the one in
// progress, or cancels it with cancel-in-progress; a run still waiting when a newer one arrives
// is superseded and cancelled, so at most one waits.

export type ConcurrencyDecision =
  | { readonly kind: 'proceed' }
  | {
      readonly kind: 'wait';
      /** Runs to cancel first (cancel-in-progress, or superseded while waiting). */
      readonly cancel: readonly string[];
      readonly waitingFor: readonly string[];
    };

type GroupRun = Pick<RunRecord, 'id' | 'status' | 'createdAt' | 'cancelRequested'>;

const isOlder = (a: GroupRun, b: GroupRun): boolean =>
  a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);

/** What run `self` does about the other active (queued or running) runs of its group. Pure. */
export function decideConcurrency(
  self: GroupRun,
  others: readonly GroupRun[],
  cancelInProgress: boolean,
): ConcurrencyDecision {
  const older = others.filter((run) => run.id !== self.id && isOlder(run, self));
  const active = older.filter((run) => run.status === 'queued' || run.status === 'running');
  if (active.length === 0) return { kind: 'proceed' };
  const toCancel = active.filter(
    (run) => !run.cancelRequested && (cancelInProgress || run.status === 'queued'),
  );
  return {
    kind: 'wait',
    cancel: toCancel.map((run) => run.id),
    waitingFor: active.map((run) => run.id),
  };
}

/** A run whose owning process on this host is gone: it will never finish by itself. */
export function isAbandoned(
  run: Pick<RunRecord, 'owner'>,
  host: string,
  isAlive: (pid: number) => boolean,
): boolean {
  return run.owner !== undefined && run.owner.host === host && !isAlive(run.owner.pid);
}
