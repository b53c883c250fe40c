// Secrets for delivered apps: one SecretProvider interface over Slipway's built-in encrypted
// store, Azure Key Vault and Kubernetes Secrets; access policies and an audited service on top;
// an HTTP route for pods. Values never appear in logs, audit records or error messages.
export type {
  SecretInfo,
  SecretProvider,
  SecretProviderKind,
  SecretValue,
  SecretVersionInfo,
} from './secret-types.js';
export {
  SecretAccessDeniedError,
  SecretConflictError,
  SecretNotFoundError,
} from './secret-errors.js';
export {
  checkProject,
  checkSecretName,
  checkSecretValue,
  maxSecretValueBytes,
  secretNamePattern,
} from './secret-input.js';
export * from './builtin/index.js';
export * from './kubernetes/index.js';
export * from './key-vault/index.js';
export * from './access/index.js';
export * from './http/index.js';
export * from './sync/index.js';
