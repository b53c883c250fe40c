// Progressive delivery: the Rollout controller (a pure canary state machine, ReplicaSets,
// Services, traffic routers) and the analysis that can stop a bad canary on its own.
export { RolloutController } from './controller/rollout-controller.js';
export type { RolloutControllerOptions } from './controller/rollout-controller.js';
export { decideCanary } from './canary/decide-canary.js';
export type { CanaryDecision } from './canary/decide-canary.js';
export type { RolloutStatus, RolloutPhase } from './canary/rollout-status.js';
export { podTemplateHash, podTemplateHashLabel } from './canary/pod-template-hash.js';
export { revisionAnnotation } from './controller/rollout-objects.js';
export { validateRolloutSpec, describeProblems } from './validation/index.js';
export * from './actions/index.js';
