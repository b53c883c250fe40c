// Azure Key Vault over its REST API with workload-identity tokens; no Azure SDK. The loopback
// double used by the tests is deliberately not exported.
export {
  KeyVaultSecretProvider,
  checkKeyVaultName,
  keyVaultApiVersion,
  keyVaultMaxValueBytes,
  type KeyVaultProviderOptions,
} from './key-vault-provider.js';
export {
  WorkloadIdentityTokenSource,
  clientAssertionType,
  keyVaultScope,
  workloadIdentityFromEnv,
  type TokenSource,
  type WorkloadIdentityConfig,
} from './token-source.js';
export type { HttpsOptions } from './https-client.js';
