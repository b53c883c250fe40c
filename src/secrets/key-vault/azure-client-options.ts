import type { SecretClientOptions } from '@azure/keyvault-secrets';
import { rootCertificates } from 'node:tls';

// Connection settings shared by the SecretClient and the credential, turned into the Azure SDK's
// own pipeline options (both take the same core-rest-pipeline options).

export type AzureConnectionOptions = {
  /**
   * More CA certificates (PEM) to trust on top of Node's bundled roots: a TLS-inspecting proxy's,
   * or a test double's. Never a reason to turn verification off.
   */
  readonly extraCa?: string;
  /** Retries of a failed request (the SDK's default is 3, with exponential back-off). */
  readonly maxRetries?: number;
  /** The first back-off delay; the SDK's default is 1 s. */
  readonly retryDelayInMs?: number;
};

export function azurePipelineOptions(
  options: AzureConnectionOptions,
): Pick<SecretClientOptions, 'tlsOptions' | 'retryOptions'> {
  const retry = {
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...(options.retryDelayInMs === undefined ? {} : { retryDelayInMs: options.retryDelayInMs }),
  };
  return {
    // The SDK's `ca` replaces the default roots, so they are passed along with the extra one.
    ...(options.extraCa === undefined
      ? {}
      : { tlsOptions: { ca: [...rootCertificates, options.extraCa] } }),
    ...(Object.keys(retry).length === 0 ? {} : { retryOptions: retry }),
  };
}
