// Checks on a Rollout before anything is scaled: the spec alone (pure) and label selectors.
export { validateRolloutSpec, describeProblems } from './validate-rollout.js';
export type { SpecProblem } from './validate-rollout.js';
export { selectorMatches, selectorString } from './label-selector.js';
