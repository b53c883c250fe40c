import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ClusterLayout } from './layout.js';
import { registryIdentityAddress, registryTokenAuth } from './network.js';
import { registryTokenKeyFiles } from './pki.js';

// Image pulls by identity: the second registry (token auth, Slipway as the token issuer) and the
// kubelet's credential-provider plugin that turns a pod's service-account token into a pull
// credential. The open registry on 127.0.0.1:5000 is untouched by all of this.

/** distribution's config for the identity registry: its own data, and `auth: token`. Pure. */
export function renderIdentityRegistryConfig(layout: ClusterLayout): string {
  return stringify({
    version: 0.1,
    log: { level: 'warn' },
    storage: {
      filesystem: { rootdirectory: layout.registryIdentityDataDir },
      delete: { enabled: true },
    },
    http: { addr: registryIdentityAddress, headers: { 'X-Content-Type-Options': ['nosniff'] } },
    auth: {
      token: {
        realm: registryTokenAuth.realm,
        service: registryTokenAuth.service,
        issuer: registryTokenAuth.issuer,
        rootcertbundle: registryTokenKeyFiles(layout).certificateFile,
      },
    },
  });
}

/** Where `up` writes the kubelet's CredentialProviderConfig. */
export const credentialProviderConfigFile = (layout: ClusterLayout): string =>
  join(layout.configDir, 'credential-provider.yaml');

/** The plugin executable the kubelet runs (its name is the provider's name). */
export const credentialProviderExecutable = (layout: ClusterLayout): string =>
  join(layout.credentialProviderBinDir, registryTokenAuth.providerName);

/**
 * The kubelet's CredentialProviderConfig: one provider, for the identity registry's host:port
 * only (so pulls from the open registry never run it), fed the pod's own service-account token
 * for audience `slipway-registry` (KEP-4412, beta and on by default in 1.34). Credentials are
 * cached per token, not per ServiceAccount: Slipway's credential names the pod it was made for,
 * and a denial is reported on that pod. Pure.
 */
export function renderCredentialProviderConfig(): string {
  return stringify({
    apiVersion: 'kubelet.config.k8s.io/v1',
    kind: 'CredentialProviderConfig',
    providers: [
      {
        name: registryTokenAuth.providerName,
        matchImages: [registryIdentityAddress],
        defaultCacheDuration: '5m',
        apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
        args: ['--exchange-url', registryTokenAuth.exchangeUrl],
        tokenAttributes: {
          serviceAccountTokenAudience: registryTokenAuth.service,
          cacheType: 'Token',
          requireServiceAccount: true,
        },
      },
    ],
  });
}

const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The plugin in the kubelet's bin dir: a wrapper that runs `slipway credential-provider` with the
 * node binary `cluster up` ran under (the kubelet's PATH may not have it). Pure.
 */
export function renderCredentialProviderWrapper(nodeBinary: string, slipwayBin: string): string {
  return [
    '#!/bin/sh',
    '# Written by `slipway cluster up`: the kubelet runs this for images on the identity registry.',
    `exec ${shellQuote(nodeBinary)} ${shellQuote(slipwayBin)} credential-provider "$@"`,
    '',
  ].join('\n');
}
