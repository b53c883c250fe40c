import { SlipwayError, type SlipwayErrorOptions } from '../errors/index.js';

/** Why a token was refused; stable codes for logs and tests (the message says it for people). */
export const identityFailures = {
  malformed: 'malformed',
  unsupportedAlgorithm: 'unsupported_algorithm',
  unknownKey: 'unknown_key',
  badSignature: 'bad_signature',
  wrongIssuer: 'wrong_issuer',
  wrongAudience: 'wrong_audience',
  expired: 'expired',
  notYetValid: 'not_yet_valid',
  notBound: 'not_bound',
  objectGone: 'object_gone',
  noIdentity: 'no_identity',
  clientMismatch: 'client_mismatch',
  notPipelineRun: 'not_pipeline_run',
  unavailable: 'unavailable',
} as const;
export type IdentityFailure = (typeof identityFailures)[keyof typeof identityFailures];

/**
 * A token Slipway refused, or could not check. The message names the claim and value at fault
 * but never contains the token: messages reach logs and OAuth error responses.
 */
export class IdentityError extends SlipwayError {
  constructor(
    readonly failure: IdentityFailure,
    message: string,
    options: SlipwayErrorOptions = {},
  ) {
    super(message, options);
  }
}

/**
 * A claim value quoted for a message: claims come from whoever made the token, so they are
 * shortened and stripped of control characters before they reach a log line.
 */
export function quoteClaim(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  const short = clean.length > 120 ? `${clean.slice(0, 120)}…` : clean;
  return typeof value === 'string' ? JSON.stringify(short) : short;
}
