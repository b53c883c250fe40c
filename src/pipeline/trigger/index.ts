// Pipeline triggers: webhook and polled events matched to registered app repositories, their
// `.slipway/pipelines` read at the event's commit and the triggered pipelines run in the
// background. The decisions (which repository, which pipelines, which branches moved) are pure.
export {
  PipelineTrigger,
  type PipelineTriggerOptions,
  type TriggerOutcome,
} from './pipeline-trigger.js';
export { PushPoller, type PushPollerOptions } from './push-poller.js';
export {
  loadPipelineRepos,
  parsePipelineRepos,
  type PipelineRepo,
  type PipelineRepoPreview,
} from './repo-registry.js';
export {
  describeEvent,
  eventKey,
  repoForEvent,
  selectPipelines,
  unrunnableReason,
  type PipelineSelection,
} from './event-routing.js';
export {
  branchUpdates,
  parseLsRemote,
  type BranchSnapshot,
  type BranchUpdate,
} from './ref-snapshot.js';
