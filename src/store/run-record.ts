import type { TriggerEvent } from '../pipeline/plan/index.js';

// What a pipeline run leaves behind: its status, each job's and step's outcome, and the failing
// gates, as the CLI, the server and the UI show them.

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type JobStatus =
  'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'timed-out';
export type StepStatus =
  'pending' | 'running' | 'success' | 'failure' | 'skipped' | 'cancelled' | 'timed-out';

export type StepRecord = {
  readonly index: number;
  readonly id: string | undefined;
  /** What a person reads: the step's name, else its `uses`, else its command's first line. */
  readonly name: string;
  readonly uses: string | undefined;
  /** A failure of this step does not fail its job. */
  readonly continueOnError?: boolean;
  status: StepStatus;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  exitCode?: number;
  /** Why it failed or was skipped, for people. */
  message?: string;
  outputs: Record<string, string>;
  /** What the step published (actions/upload-artifact, slipway/artifact). */
  artifacts?: { readonly name: string; readonly path: string }[];
};

export type JobRecord = {
  readonly id: string;
  readonly name: string;
  status: JobStatus;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  message?: string;
  outputs: Record<string, string>;
  /** The container image when the job ran in one. */
  readonly container: string | undefined;
  /** The jobs it waits for: the edges of the run's job graph (older records lack them). */
  readonly needs?: readonly string[];
  readonly steps: StepRecord[];
};

export type RunSummary = {
  /** The pipeline file the run came from. */
  readonly file: string;
  readonly reason: string;
  readonly jobs: JobRecord[];
  /** One line per failing gate: which job and step, and why. */
  failures: string[];
};

export type RunRecord = {
  readonly id: string;
  readonly pipeline: string;
  /** The repository the run checked out: a directory or a URL. */
  readonly repo: string;
  readonly event: TriggerEvent;
  status: RunStatus;
  readonly concurrencyGroup: string | undefined;
  cancelRequested: boolean;
  readonly createdAt: string;
  startedAt: string | undefined;
  finishedAt: string | undefined;
  /** The process running it, so a run whose process died can be told from a live one. */
  readonly owner: { readonly host: string; readonly pid: number } | undefined;
  summary: RunSummary;
};

export type LogEntry = {
  readonly runId: string;
  /** 1, 2, 3… within a run, in the order lines arrived. */
  readonly seq: number;
  readonly job: string;
  readonly step: string;
  readonly time: string;
  readonly line: string;
};

export type NewLogEntry = Omit<LogEntry, 'seq'>;

export type RunFilter = {
  readonly pipeline?: string;
  readonly repo?: string;
  readonly status?: readonly RunStatus[];
  readonly concurrencyGroup?: string;
  /** Newest first; 50 when absent. */
  readonly limit?: number;
};

export type RunPatch = Partial<
  Pick<RunRecord, 'status' | 'startedAt' | 'finishedAt' | 'summary' | 'cancelRequested'>
>;

/** Where runs and their logs are kept; SQLite on one machine, PostgreSQL later. */
export type RunStore = {
  createRun(run: RunRecord): Promise<void>;
  updateRun(id: string, patch: RunPatch): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;
  /** Sets the cancel flag a running run polls; false when there is no such run. */
  requestCancel(id: string): Promise<boolean>;
  /** Stores one log line and returns its sequence number. */
  appendLog(entry: NewLogEntry): Promise<number>;
  /** The lines after `afterSeq` (0 for all), in order, for `logs -f`. */
  logs(runId: string, afterSeq?: number, limit?: number): Promise<LogEntry[]>;
  close(): void;
};

export const finishedRunStatuses: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];
