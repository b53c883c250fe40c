import { InputError } from '../../errors/index.js';
import { quoteForError } from '../secret-input.js';

// Checks made before anything is sent to Key Vault: its own name, version and size rules, and a
// vault URL that tokens may safely go to.

/** Key Vault's own limit on a secret value: 25 KB. */
export const keyVaultMaxValueBytes = 25 * 1024;
const namePattern = /^[0-9a-zA-Z-]{1,127}$/;
const versionPattern = /^[0-9a-fA-F]{32}$/;

export function checkKeyVaultName(name: unknown): string {
  if (typeof name === 'string' && namePattern.test(name)) return name;
  throw new InputError(
    `name ${typeof name === 'string' ? quoteForError(name) : '(not a string)'} is not a Key Vault secret name`,
    { hint: 'Key Vault names are 1–127 characters of letters, digits and "-"' },
  );
}

export function checkKeyVaultVersion(version: string): string {
  if (versionPattern.test(version)) return version;
  throw new InputError(`version ${quoteForError(version)} is not a Key Vault secret version`, {
    hint: 'Key Vault versions are 32 hex digits; omit the version for the newest',
  });
}

/** The vault URL: https, no credentials, no path, query or fragment; InputError otherwise. */
export function checkVaultUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new InputError(`vaultUrl ${quoteForError(value)} is not a URL`, {
      hint: 'use the vault URI from the Azure portal, e.g. https://my-vault.vault.azure.net',
      cause,
    });
  }
  if (
    url.protocol !== 'https:' ||
    url.username !== '' ||
    url.password !== '' ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    // Credentials in the URL are not repeated in the message.
    const shown = url.username || url.password ? `${url.protocol}//***@${url.host}` : value;
    throw new InputError(
      `vaultUrl ${quoteForError(shown)} must be a vault's https origin, without credentials or path`,
      {
        hint: 'access tokens are sent to it, so the Azure SDK accepts https only, e.g. https://my-vault.vault.azure.net',
      },
    );
  }
  return url;
}
