// Waiting for something to become true: one polling loop for the CLI, hooks and health checks.
export { pollUntil } from './poll-until.js';
