import { WorkloadIdentityCredential, type TokenCredential } from '@azure/identity';
import { PreconditionError } from '../../errors/index.js';
import { quoteForError } from '../secret-input.js';
import { azurePipelineOptions, type AzureConnectionOptions } from './azure-client-options.js';

// The Key Vault provider's credential: @azure/identity's WorkloadIdentityCredential, which
// exchanges the pod's projected service-account token (a federated credential) for an Entra ID
// access token with the client-assertion grant. Its settings are the variables the Azure
// Workload Identity webhook injects.

export type WorkloadIdentityConfig = {
  readonly clientId: string;
  readonly tenantId: string;
  /** e.g. https://login.microsoftonline.com/ */
  readonly authorityHost: string;
  /** The projected service-account token; kubelet rotates it, the SDK re-reads it every 5 minutes. */
  readonly federatedTokenFile: string;
};

const tenantPattern = /^[0-9A-Za-z][0-9A-Za-z.-]{0,99}$/;

/** Reads the Workload Identity env vars; PreconditionError naming the one that is missing. */
export function workloadIdentityFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): WorkloadIdentityConfig {
  const need = (name: string): string => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    throw new PreconditionError(
      `${name} is not set, so there is no Azure workload identity to sign in with`,
      {
        hint: 'label the pod azure.workload.identity/use: "true" and annotate its ServiceAccount with azure.workload.identity/client-id',
      },
    );
  };
  return {
    clientId: need('AZURE_CLIENT_ID'),
    tenantId: need('AZURE_TENANT_ID'),
    federatedTokenFile: need('AZURE_FEDERATED_TOKEN_FILE'),
    authorityHost: env['AZURE_AUTHORITY_HOST'] || 'https://login.microsoftonline.com/',
  };
}

/** The SDK's workload-identity credential for `config`; PreconditionError for a bad setting. */
export function workloadIdentityCredential(
  config: WorkloadIdentityConfig,
  options: AzureConnectionOptions = {},
): TokenCredential {
  if (!tenantPattern.test(config.tenantId)) {
    throw new PreconditionError(
      `AZURE_TENANT_ID ${quoteForError(config.tenantId)} is not a tenant id or domain`,
    );
  }
  if (!/^https:\/\/[^/@]+/.test(config.authorityHost)) {
    throw new PreconditionError(
      `AZURE_AUTHORITY_HOST ${quoteForError(config.authorityHost)} is not an https URL`,
      { hint: 'the client assertion is sent to it; use e.g. https://login.microsoftonline.com/' },
    );
  }
  return new WorkloadIdentityCredential({
    tenantId: config.tenantId,
    clientId: config.clientId,
    tokenFilePath: config.federatedTokenFile,
    authorityHost: config.authorityHost,
    // Instance discovery asks login.microsoftonline.com about the authority whatever
    // AZURE_AUTHORITY_HOST says, which fails in sovereign and air-gapped clouds and adds nothing
    // to a client-credential grant; the configured authority is trusted as it is.
    disableInstanceDiscovery: true,
    ...azurePipelineOptions(options),
  });
}
