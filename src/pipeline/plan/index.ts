// From a trigger event to a plan: whether a pipeline runs (its `on` filters, GitHub's globs),
// its jobs in dependency levels, and which jobs may start as others finish.
export {
  planPipeline,
  planContext,
  type PipelinePlan,
  type PlanDecision,
} from './plan-pipeline.js';
export { decideTrigger, type TriggerDecision } from './triggers.js';
export { eventContext, pushedBranch, pushedTags, type TriggerEvent } from './trigger-event.js';
export { globToRegExp, matchesPatterns, passesFilter } from './ref-filter.js';
export { topologicalLevels, ancestorsOf } from './job-graph.js';
export {
  nextRunnableJobs,
  type JobDecision,
  type JobState,
  type JobStates,
  type RunnableJobs,
  type RunnableOptions,
} from './next-runnable.js';
