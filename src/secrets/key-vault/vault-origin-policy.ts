import type { SecretClientOptions } from '@azure/keyvault-secrets';
import { KeyVaultError } from './key-vault-errors.js';

// The SDK follows a list's nextLink wherever it points and its authentication policy puts the
// Bearer token on that request. This policy stops any request that would leave the vault.

/** A pipeline policy, named through the SDK's own options type (core-rest-pipeline is not ours). */
type PipelinePolicy = NonNullable<SecretClientOptions['additionalPolicies']>[number]['policy'];

export function vaultOriginPolicy(vault: URL): PipelinePolicy {
  return {
    name: 'slipwayVaultOriginPolicy',
    sendRequest(request, next) {
      const origin = new URL(request.url).origin;
      if (origin === vault.origin) return next(request);
      return Promise.reject(
        new KeyVaultError(
          `Key Vault ${vault.host} sent a link to another host (${origin}); not followed, so its access token stays with the vault`,
          { status: undefined, code: 'ForeignLink' },
        ),
      );
    },
  };
}
