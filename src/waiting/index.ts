// Waiting for something to become true, and waiting one's turn: one polling loop for the CLI,
// hooks and health checks, and one lock that runs operations on the same key one at a time.
export { pollUntil } from './poll-until.js';
export { KeyLock } from './key-lock.js';
