import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LogEntry, RunStore } from '../../store/index.js';
import type { Masker } from './log-masking.js';

// A run's log: every line masked, timestamped, appended to the step's log file and stored in
// order, then handed to whoever streams it (the CLI prints `[job/step] line`).

export type LogListener = (entry: LogEntry) => void;

export class RunLog {
  private pending: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(
    private readonly store: RunStore,
    private readonly runId: string,
    private readonly mask: Masker,
    private readonly listener: LogListener | undefined,
  ) {}

  /** A line writer for one step, also writing to `file`. */
  forStep(job: string, step: string, file: string): (line: string) => void {
    mkdirSync(dirname(file), { recursive: true });
    return (raw) => {
      const line = this.mask(raw);
      const time = new Date().toISOString();
      appendFileSync(file, `${time} ${line}\n`);
      // Chained, so lines are stored in the order they came.
      this.pending = this.pending
        .then(() => this.store.appendLog({ runId: this.runId, job, step, time, line }))
        .then((seq) => this.listener?.({ runId: this.runId, seq, job, step, time, line }))
        .catch((error: unknown) => {
          this.failure ??=
            error instanceof Error
              ? error
              : new Error('storing a log line failed', { cause: error });
        });
    };
  }

  /** Waits for every line to be stored; throws the first store failure. */
  async flush(): Promise<void> {
    await this.pending;
    if (this.failure !== undefined) throw this.failure;
  }
}
