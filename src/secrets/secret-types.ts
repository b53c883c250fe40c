// What every secret backend offers Slipway: versioned string values looked up by name.

/** One version of a secret, with its value. */
export type SecretValue = {
  readonly name: string;
  /** Opaque to callers: "1", "2"… for the built-in store, a 32-hex id for Key Vault. */
  readonly version: string;
  readonly value: string;
  /** RFC 3339. */
  readonly createdAt: string;
};

/** A secret as listed: never its value. */
export type SecretInfo = {
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt?: string;
};

export type SecretVersionInfo = {
  readonly version: string;
  readonly createdAt: string;
};

export type SecretProviderKind = 'builtin' | 'kubernetes' | 'azure-key-vault';

/**
 * A place secrets live. `delete` is a soft delete (hidden, recoverable with `recover`) where
 * `softDelete` is true; where it is false (Kubernetes) `delete` removes the value at once.
 */
export type SecretProvider = {
  readonly kind: SecretProviderKind;
  readonly softDelete: boolean;
  /** The newest version, or the given one; SecretNotFoundError when there is none. */
  get(name: string, version?: string): Promise<SecretValue>;
  /** Stores a new version and returns its id; earlier versions stay readable. */
  set(name: string, value: string): Promise<string>;
  /** Live (not deleted) secrets whose name starts with `prefix`, sorted by name. */
  list(prefix?: string): Promise<SecretInfo[]>;
  delete(name: string): Promise<void>;
  /** Brings back a soft-deleted secret with all its versions. */
  recover(name: string): Promise<void>;
  /** Removes every version for good. */
  purge(name: string): Promise<void>;
  /** Oldest first. */
  versions(name: string): Promise<SecretVersionInfo[]>;
};
