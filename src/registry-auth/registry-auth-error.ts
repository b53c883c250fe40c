import { SlipwayError, type SlipwayErrorOptions } from '../errors/index.js';

/** Why the registry's token service refused a request; each maps to one HTTP status. */
export const registryAuthFailures = {
  /** Credentials were presented and did not verify (401). */
  unauthorized: 'unauthorized',
  /** A malformed scope (400). */
  invalidScope: 'invalid_scope',
  /** A request for another registry's `service` (400). */
  wrongService: 'wrong_service',
  /** A form or grant the endpoint does not take (400). */
  invalidRequest: 'invalid_request',
  /** The API server or the issuer's keys could not be read (503). */
  unavailable: 'unavailable',
} as const;
export type RegistryAuthFailure = (typeof registryAuthFailures)[keyof typeof registryAuthFailures];

const statuses: Record<RegistryAuthFailure, number> = {
  unauthorized: 401,
  invalid_scope: 400,
  wrong_service: 400,
  invalid_request: 400,
  unavailable: 503,
};

/** A refusal by the token service. Messages name what was wrong, never a credential. */
export class RegistryAuthError extends SlipwayError {
  constructor(
    readonly failure: RegistryAuthFailure,
    message: string,
    options: SlipwayErrorOptions = {},
  ) {
    super(message, options);
  }

  get status(): number {
    return statuses[this.failure];
  }
}
