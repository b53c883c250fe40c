// Slipway's history: pipeline runs and their logs today, sync history and audit next, behind
// one RunStore interface; SQLite (better-sqlite3) on one machine.
export { SqliteRunStore, defaultStorePath } from './sqlite-run-store.js';
export { migrations, pendingMigrations, type Migration } from './migrations.js';
export {
  finishedRunStatuses,
  type JobRecord,
  type JobStatus,
  type LogEntry,
  type NewLogEntry,
  type RunFilter,
  type RunPatch,
  type RunRecord,
  type RunStatus,
  type RunStore,
  type RunSummary,
  type StepRecord,
  type StepStatus,
} from './run-record.js';
