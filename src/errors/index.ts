// Slipway's typed errors: every user-facing failure says what is wrong, where
// (file, field, value when there is one) and what to do about it.
export {
  SlipwayError,
  InputError,
  StateError,
  PreconditionError,
  ExternalCommandError,
} from './errors.js';
export type { SlipwayErrorOptions } from './errors.js';
