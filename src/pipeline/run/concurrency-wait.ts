import { hostname } from 'node:os';
import type { RunRecord, RunStore } from '../../store/index.js';
import { decideConcurrency, isAbandoned } from './concurrency.js';

// Waits for a run's turn in its concurrency group, cancelling the runs the group's rule says to
// through the store's cancel flag, which those runs poll.

export type GroupWait = {
  readonly store: RunStore;
  readonly run: RunRecord;
  readonly group: string;
  readonly cancelInProgress: boolean;
  readonly pollIntervalMs: number;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
};

/** True when the run may start; false when it was cancelled while waiting. */
export async function awaitGroupTurn(wait: GroupWait): Promise<boolean> {
  const announced = new Set<string>();
  while (!wait.signal.aborted) {
    const others = await wait.store.listRuns({
      concurrencyGroup: wait.group,
      status: ['queued', 'running'],
      limit: 1000,
    });
    const live: RunRecord[] = [];
    for (const other of others) {
      if (other.id !== wait.run.id && isAbandoned(other, hostname(), isAlive)) {
        await markAbandoned(wait.store, other);
        wait.log(`run ${other.id} was abandoned by its process; marked failed`);
      } else live.push(other);
    }
    const decision = decideConcurrency(wait.run, live, wait.cancelInProgress);
    if (decision.kind === 'proceed') return true;
    for (const id of decision.cancel) {
      await wait.store.requestCancel(id);
      wait.log(`cancelling run ${id} of concurrency group ${wait.group}`);
    }
    const key = decision.waitingFor.join(',');
    if (!announced.has(key)) {
      announced.add(key);
      wait.log(
        `waiting for run ${decision.waitingFor.join(', ')} of concurrency group ${wait.group}`,
      );
    }
    await sleep(wait.pollIntervalMs, wait.signal);
  }
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function markAbandoned(store: RunStore, run: RunRecord): Promise<void> {
  const failures = [...run.summary.failures, 'abandoned: the process running it is gone'];
  await store.updateRun(run.id, {
    status: 'failed',
    finishedAt: new Date().toISOString(),
    summary: { ...run.summary, failures },
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
