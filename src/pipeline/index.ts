// Slipway pipelines: `.slipway/pipelines/*.yaml` in GitHub Actions syntax, checked whole before
// anything runs; their `${{ }}` expressions; and the plan of which jobs run for an event.
// Pure code apart from reading the files: running jobs and steps belongs to the runner.
export * from './definition/index.js';
export * from './expressions/index.js';
export * from './plan/index.js';
