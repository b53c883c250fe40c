import { SlipwayError, type SlipwayErrorOptions } from '../errors/index.js';

// Secret errors carry names and versions, never values: a message may end up in a log, an event
// or a status field.

/** No such secret (or version); `softDeleted` when it exists but was deleted and can be recovered. */
export class SecretNotFoundError extends SlipwayError {
  constructor(
    readonly secretName: string,
    readonly version: string | undefined,
    readonly softDeleted = false,
    options: SlipwayErrorOptions = {},
  ) {
    super(
      softDeleted
        ? `secret ${secretName} is deleted`
        : version === undefined
          ? `secret ${secretName} not found`
          : `secret ${secretName} has no version ${version}`,
      options,
    );
  }
}

/** An access policy does not let this identity do this to this secret. */
export class SecretAccessDeniedError extends SlipwayError {}

/** A write lost to another writer or a secret in a state that forbids it (deleted, unmanaged). */
export class SecretConflictError extends SlipwayError {}
