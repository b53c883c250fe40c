// What can be done to a Rollout by hand — promote, abort, retry, undo, set image, restart — as
// pure decisions and patches, and the reads and patches that apply them; shared by CLI and API.
export {
  fullyPromoted,
  hashOf,
  ownedBy,
  revisionOf,
  stepsOf,
  stepText,
  type JsonPatchOp,
  type RolloutPatches,
  type RolloutSpecView,
  type RolloutView,
} from './rollout-view.js';
export { promoteAction } from './promote.js';
export { abortAction, retryAction } from './abort-retry.js';
export {
  chooseUndoTarget,
  refuseWorkloadRef,
  restoredTemplate,
  templateOf,
  undoPatch,
  withoutServerDefaults,
} from './undo.js';
export { imagePatch, type ImageChange } from './set-image.js';
export {
  applyPatches,
  jsonPatchRollout,
  podsOfHashes,
  readRollout,
  rolloutAnalysisRuns,
  rolloutRef,
  rolloutReplicaSets,
  type RolloutScope,
} from './rollout-client.js';
