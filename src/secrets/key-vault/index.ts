// Azure Key Vault through the official SDK (@azure/keyvault-secrets) with a workload-identity
// credential (@azure/identity); SDK errors become Slipway errors without secret values. The
// loopback double in ./double is test support and deliberately not exported.
export {
  KeyVaultSecretProvider,
  keyVaultApiVersion,
  type KeyVaultProviderOptions,
} from './key-vault-provider.js';
export { checkKeyVaultName, keyVaultMaxValueBytes } from './key-vault-input.js';
export { KeyVaultError } from './key-vault-errors.js';
export {
  workloadIdentityCredential,
  workloadIdentityFromEnv,
  type WorkloadIdentityConfig,
} from './workload-identity.js';
export type { AzureConnectionOptions } from './azure-client-options.js';
