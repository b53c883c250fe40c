// The schemas of everything a user writes (today: the Application), with readable errors.
// CRDs are generated from these same schemas (src/kube/crds.ts).
export * from './application.js';
export { describeZodError } from './validation-error.js';
export * from './analysis.js';
