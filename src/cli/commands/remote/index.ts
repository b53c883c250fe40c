// The CLI's path through a Slipway server's HTTP API: which commands take it (commandTarget) and
// how each maps the API's JSON onto the shapes the direct path prints.

export {
  commandTarget,
  describeServerError,
  onServer,
  serverCredentials,
  serverTarget,
  targetOptions,
  targetSettings,
  type CommandTarget,
  type TargetFlags,
  type TargetSettings,
} from './command-target.js';
export { listAll, objectPath, serverNamespace } from './server-lists.js';
export {
  listRollouts,
  readRolloutSnapshot,
  rolloutAction,
  rowFromSummary,
  snapshotFromDetail,
  type RolloutSummary,
} from './server-rollouts.js';
export {
  appDiffs,
  appHistory,
  appRowFromSummary,
  listApps,
  readApp,
  refreshOnServer,
  syncOnServer,
  type AppTarget,
} from './server-apps.js';
export { cancelRun, listRuns, readRun, rerunOnServer, runLogs } from './server-runs.js';
