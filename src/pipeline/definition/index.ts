// Pipeline files (`.slipway/pipelines/*.yaml`): their GitHub-Actions-shaped schema, the catalog of
// steps `uses:` can name, and the loader that checks everything and names file:line for each problem.
export { loadPipelines, parsePipelineFiles, pipelinesDirectory } from './load-pipelines.js';
export type { PipelineFile } from './load-pipelines.js';
export { parsePipeline } from './parse-pipeline.js';
export { PipelineDefinitionError, describeProblem, type LocatedProblem } from './problems.js';
export {
  nativeActions,
  resolveUses,
  slipwaySteps,
  usableSteps,
  type InputSpec,
  type InputValue,
  type NativeActionName,
  type SlipwayStepName,
  type SlipwayStepSpec,
} from './step-catalog.js';
export type * from './model.js';
