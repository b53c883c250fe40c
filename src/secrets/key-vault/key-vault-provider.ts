import type { TokenCredential } from '@azure/identity';
import { SecretClient, isRestError } from '@azure/keyvault-secrets';
import { SecretConflictError, SecretNotFoundError } from '../secret-errors.js';
import { checkSecretValue } from '../secret-input.js';
import type {
  SecretInfo,
  SecretProvider,
  SecretValue,
  SecretVersionInfo,
} from '../secret-types.js';
import { azurePipelineOptions, type AzureConnectionOptions } from './azure-client-options.js';
import { KeyVaultError, keyVaultFailure, type KeyVaultCall } from './key-vault-errors.js';
import {
  checkKeyVaultName,
  checkKeyVaultVersion,
  checkVaultUrl,
  keyVaultMaxValueBytes,
} from './key-vault-input.js';
import { vaultOriginPolicy } from './vault-origin-policy.js';

// Azure Key Vault through the official SDK (@azure/keyvault-secrets' SecretClient). Key Vault
// keeps versions and soft-deletes itself; this maps the SDK's answers and errors onto
// SecretProvider.

/** Pinned rather than the SDK's newest, so an SDK upgrade does not change what is sent. */
export const keyVaultApiVersion = '7.4';

export type KeyVaultProviderOptions = AzureConnectionOptions & {
  /** e.g. https://my-vault.vault.azure.net */
  readonly vaultUrl: string;
  /** Usually workloadIdentityCredential(workloadIdentityFromEnv()). */
  readonly credential: TokenCredential;
  /**
   * Whether the resource in Key Vault's authentication challenge must be the vault's own domain
   * (default true). Only a vault outside *.vault.azure.net and its sovereign twins — a loopback
   * test double — needs false.
   */
  readonly verifyChallengeResource?: boolean;
};

type StatusHandlers = Partial<Record<number, () => Error | Promise<Error>>>;

const iso = (date: Date | undefined): string => date?.toISOString() ?? '';
const byName = (a: SecretInfo, b: SecretInfo): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

export class KeyVaultSecretProvider implements SecretProvider {
  readonly kind = 'azure-key-vault';
  readonly softDelete = true;
  private readonly vault: URL;
  private readonly client: SecretClient;

  constructor(options: KeyVaultProviderOptions) {
    this.vault = checkVaultUrl(options.vaultUrl);
    this.client = new SecretClient(this.vault.origin, options.credential, {
      serviceVersion: keyVaultApiVersion,
      disableChallengeResourceVerification: options.verifyChallengeResource === false,
      additionalPolicies: [{ policy: vaultOriginPolicy(this.vault), position: 'perCall' }],
      ...azurePipelineOptions(options),
    });
  }

  async get(name: string, version?: string): Promise<SecretValue> {
    checkKeyVaultName(name);
    if (version !== undefined) checkKeyVaultVersion(version);
    const action =
      version === undefined ? `read secret ${name}` : `read version ${version} of secret ${name}`;
    const secret = await this.attempt({ action }, () => this.client.getSecret(name, { version }), {
      404: () => this.notFound(name, version),
    });
    if (secret.value === undefined) {
      throw new KeyVaultError(`Key Vault ${this.vault.host} sent secret ${name} without a value`, {
        status: 200,
        code: undefined,
      });
    }
    return {
      name,
      version: secret.properties.version ?? '',
      value: secret.value,
      createdAt: iso(secret.properties.createdOn),
    };
  }

  async set(name: string, value: string): Promise<string> {
    checkKeyVaultName(name);
    checkSecretValue(value, keyVaultMaxValueBytes);
    const secret = await this.attempt(
      { action: `write secret ${name}`, value },
      () => this.client.setSecret(name, value),
      {
        409: () =>
          new SecretConflictError(`secret ${name} is deleted in Key Vault and cannot be written`, {
            hint: 'recover it to keep its versions, or purge it to start again',
          }),
      },
    );
    return secret.properties.version ?? '';
  }

  async list(prefix = ''): Promise<SecretInfo[]> {
    const found: SecretInfo[] = [];
    await this.attempt({ action: 'list secrets' }, async () => {
      for await (const item of this.client.listPropertiesOfSecrets()) {
        if (!item.name.startsWith(prefix)) continue;
        found.push({
          name: item.name,
          createdAt: iso(item.createdOn),
          updatedAt: iso(item.updatedOn),
        });
      }
    });
    return found.sort(byName);
  }

  async delete(name: string): Promise<void> {
    checkKeyVaultName(name);
    await this.attempt(
      { action: `delete secret ${name}` },
      async () => {
        // Key Vault deletes in the background; waiting lets a purge or a read follow at once.
        const poller = await this.client.beginDeleteSecret(name);
        await poller.pollUntilDone();
      },
      { 404: () => new SecretNotFoundError(name, undefined) },
    );
  }

  /** A live secret is left as it is (the SDK checks first), as the built-in store does. */
  async recover(name: string): Promise<void> {
    checkKeyVaultName(name);
    await this.attempt(
      { action: `recover secret ${name}` },
      async () => {
        const poller = await this.client.beginRecoverDeletedSecret(name);
        await poller.pollUntilDone();
      },
      { 404: () => new SecretNotFoundError(name, undefined) },
    );
  }

  /** Key Vault purges only deleted secrets: delete first. */
  async purge(name: string): Promise<void> {
    checkKeyVaultName(name);
    await this.attempt(
      { action: `purge secret ${name}` },
      () => this.client.purgeDeletedSecret(name),
      {
        404: () =>
          new SecretNotFoundError(name, undefined, false, {
            hint: 'Key Vault purges only deleted secrets; delete it first',
          }),
      },
    );
  }

  async versions(name: string): Promise<SecretVersionInfo[]> {
    checkKeyVaultName(name);
    const found: { version: string; created: Date | undefined }[] = [];
    await this.attempt(
      { action: `list the versions of secret ${name}` },
      async () => {
        for await (const item of this.client.listPropertiesOfSecretVersions(name)) {
          found.push({ version: item.version ?? '', created: item.createdOn });
        }
      },
      { 404: () => this.notFound(name, undefined) },
    );
    return found
      .sort((a, b) => (a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0))
      .map((v) => ({ version: v.version, createdAt: iso(v.created) }));
  }

  /** Runs an SDK call; an HTTP status in `handlers` becomes its error, anything else a Slipway one. */
  private async attempt<T>(
    call: Omit<KeyVaultCall, 'vault'>,
    work: () => Promise<T>,
    handlers: StatusHandlers = {},
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const handler = isRestError(error) ? handlers[error.statusCode ?? 0] : undefined;
      throw handler === undefined
        ? keyVaultFailure(error, { vault: this.vault, ...call })
        : await handler();
    }
  }

  /** A 404 on a read: tells a soft-deleted secret (recoverable) from one that never was. */
  private async notFound(name: string, version: string | undefined): Promise<SecretNotFoundError> {
    try {
      const deleted = await this.client.getDeletedSecret(name);
      const when = deleted.properties.deletedOn;
      return new SecretNotFoundError(name, version, true, {
        hint: `it was soft-deleted${when === undefined ? '' : ` at ${when.toISOString()}`}; recover it (recover("${name}")) or purge it`,
      });
    } catch {
      return new SecretNotFoundError(name, version);
    }
  }
}
