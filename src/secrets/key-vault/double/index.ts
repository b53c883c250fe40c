// Test support for the Key Vault provider: a loopback https double of Key Vault and Entra ID, the
// throwaway TLS it serves with, and a provider wired to it. Used by tests only; not exported
// from src/secrets.
export {
  startKeyVaultDouble,
  type KeyVaultDouble,
  type KeyVaultDoubleOptions,
  type RecordedRequest,
} from './key-vault-double.js';
export { jwtBearerAssertionType, keyVaultScope } from './entra-id-double.js';
export { makeThrowawayTls, type ThrowawayTls } from './throwaway-tls.js';
export {
  clientId,
  closeTestVaults,
  federatedToken,
  openTestVault,
  rejection,
  tenantId,
  testTls,
  webhookEnv,
  type TestVault,
  type TestVaultOptions,
} from './test-vault.js';
