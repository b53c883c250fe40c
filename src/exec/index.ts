// Running other programs: one place that turns a failed command into an
// ExternalCommandError carrying its output.
export { runCommand, tryCommand } from './run-command.js';
export type { RunOptions, RunResult } from './run-command.js';
