// Running pipelines: a plan's jobs in fresh workspaces on the host or in a container, with
// bounded parallelism, timeouts, cancellation, concurrency groups, masked logs and a stored
// record of every step; the native GitHub actions; and where secrets come from.
export {
  runPipeline,
  type RunnerDeps,
  type RunPipelineOptions,
  type RunTokenRequest,
} from './run-pipeline.js';
export { planRerun } from './rerun.js';
export { newRunId, cacheRoot, runLayout, type RunLayout, type JobLayout } from './run-layout.js';
export { nativeStepActions, nativePostStepActions } from './native-actions/index.js';
export {
  EnvFileSecretSource,
  KubeSecretSource,
  pipelineSecretLabel,
  pipelineSecretNamespace,
  type SecretSource,
} from './secret-sources.js';
export { createMasker, maskText, type Masker } from './log-masking.js';
export { parseKeyValueFile, parsePathFile } from './command-files.js';
export { decideConcurrency, type ConcurrencyDecision } from './concurrency.js';
export { failureLines, jobStatus, runStatus } from './status-rollup.js';
export type { LogListener } from './run-log.js';
export type {
  StepAction,
  StepActions,
  StepArtifact,
  StepContext,
  StepResult,
} from './step-action.js';
