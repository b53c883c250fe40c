import { InputError, SlipwayError } from '../../errors/index.js';
import { SecretConflictError, SecretNotFoundError } from '../secret-errors.js';
import { checkSecretValue, quoteForError } from '../secret-input.js';
import type {
  SecretInfo,
  SecretProvider,
  SecretValue,
  SecretVersionInfo,
} from '../secret-types.js';
import { checkServiceUrl, parseJson, sendHttps, type HttpsOptions } from './https-client.js';
import type { TokenSource } from './token-source.js';

// Azure Key Vault over its documented REST API (secrets, api-version 7.4), no SDK. Key Vault
// keeps versions and soft-deletes itself; this maps its answers onto SecretProvider.

export const keyVaultApiVersion = '7.4';
/** Key Vault's own limit on a secret value: 25 KB. */
export const keyVaultMaxValueBytes = 25 * 1024;
const namePattern = /^[0-9a-zA-Z-]{1,127}$/;
const versionPattern = /^[0-9a-fA-F]{32}$/;
const maxPages = 100;

export type KeyVaultProviderOptions = HttpsOptions & {
  /** e.g. https://my-vault.vault.azure.net */
  readonly vaultUrl: string;
  readonly tokenSource: TokenSource;
};

type Attributes = { enabled?: boolean; created?: number; updated?: number };
type SecretBundle = { id?: string; value?: unknown; attributes?: Attributes };
type Page = { value?: SecretBundle[]; nextLink?: string | null };
type Answer = { status: number; body: unknown };

const isoFromUnix = (seconds: number | undefined): string =>
  seconds === undefined ? '' : new Date(seconds * 1000).toISOString();

/** The last path segment of a Key Vault id URL. Pure. */
const lastSegment = (id: string | undefined): string =>
  (id ?? '').replace(/\/+$/, '').split('/').pop() ?? '';

export function checkKeyVaultName(name: unknown): string {
  if (typeof name === 'string' && namePattern.test(name)) return name;
  throw new InputError(
    `name ${typeof name === 'string' ? quoteForError(name) : '(not a string)'} is not a Key Vault secret name`,
    { hint: 'Key Vault names are 1–127 characters of letters, digits and "-"' },
  );
}

export class KeyVaultSecretProvider implements SecretProvider {
  readonly kind = 'azure-key-vault';
  readonly softDelete = true;
  private readonly vault: URL;

  constructor(private readonly options: KeyVaultProviderOptions) {
    this.vault = checkServiceUrl(options.vaultUrl, 'vaultUrl');
  }

  async get(name: string, version?: string): Promise<SecretValue> {
    checkKeyVaultName(name);
    if (version !== undefined && !versionPattern.test(version)) {
      throw new InputError(`version ${quoteForError(version)} is not a Key Vault secret version`, {
        hint: 'Key Vault versions are 32 hex digits; omit the version for the newest',
      });
    }
    const answer = await this.call(
      'GET',
      `secrets/${name}${version === undefined ? '' : `/${version}`}`,
    );
    if (answer.status === 404) throw await this.notFound(name, version);
    const bundle = this.expect(answer, 200, 'GET', `secrets/${name}`) as SecretBundle;
    if (typeof bundle.value !== 'string')
      throw new SlipwayError(`Key Vault sent secret ${name} without a value`);
    return {
      name,
      version: lastSegment(bundle.id),
      value: bundle.value,
      createdAt: isoFromUnix(bundle.attributes?.created),
    };
  }

  async set(name: string, value: string): Promise<string> {
    checkKeyVaultName(name);
    checkSecretValue(value, keyVaultMaxValueBytes);
    const answer = await this.call('PUT', `secrets/${name}`, { value });
    if (answer.status === 409) {
      throw new SecretConflictError(
        `secret ${name} is deleted in Key Vault and cannot be written`,
        {
          hint: 'recover it to keep its versions, or purge it to start again',
        },
      );
    }
    return lastSegment((this.expect(answer, 200, 'PUT', `secrets/${name}`) as SecretBundle).id);
  }

  async list(prefix = ''): Promise<SecretInfo[]> {
    const items = await this.pages('secrets');
    return items
      .map((item) => ({
        name: lastSegment(item.id),
        createdAt: isoFromUnix(item.attributes?.created),
        updatedAt: isoFromUnix(item.attributes?.updated),
      }))
      .filter((s) => s.name.startsWith(prefix))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async delete(name: string): Promise<void> {
    await this.simple('DELETE', `secrets/${checkKeyVaultName(name)}`, name, 200);
  }

  async recover(name: string): Promise<void> {
    await this.simple('POST', `deletedsecrets/${checkKeyVaultName(name)}/recover`, name, 200);
  }

  /** Key Vault purges only deleted secrets: delete first. */
  async purge(name: string): Promise<void> {
    await this.simple('DELETE', `deletedsecrets/${checkKeyVaultName(name)}`, name, 204);
  }

  async versions(name: string): Promise<SecretVersionInfo[]> {
    checkKeyVaultName(name);
    const items = await this.pages(`secrets/${name}/versions`, name);
    return items
      .map((item) => ({ version: lastSegment(item.id), created: item.attributes?.created ?? 0 }))
      .sort((a, b) => a.created - b.created)
      .map((v) => ({ version: v.version, createdAt: isoFromUnix(v.created) }));
  }

  private async simple(method: string, path: string, name: string, ok: number): Promise<void> {
    const answer = await this.call(method, path);
    if (answer.status === 404)
      throw new SecretNotFoundError(name, undefined, false, this.notFoundHint(path));
    this.expect(answer, ok, method, path);
  }

  private notFoundHint(path: string): { hint?: string } {
    return path.startsWith('deletedsecrets/')
      ? { hint: 'Key Vault recovers and purges only deleted secrets; delete it first' }
      : {};
  }

  /** A 404 on a read: tells a soft-deleted secret (recoverable) from one that never was. */
  private async notFound(name: string, version: string | undefined): Promise<SecretNotFoundError> {
    const deleted = await this.call('GET', `deletedsecrets/${name}`);
    if (deleted.status !== 200) return new SecretNotFoundError(name, version);
    const when = (deleted.body as { deletedDate?: number }).deletedDate;
    return new SecretNotFoundError(name, version, true, {
      hint: `it was soft-deleted${when === undefined ? '' : ` at ${isoFromUnix(when)}`}; recover it (recover("${name}")) or purge it`,
    });
  }

  /** Every item of a paged list, following nextLink only within this vault. */
  private async pages(path: string, name?: string): Promise<SecretBundle[]> {
    const items: SecretBundle[] = [];
    let url: URL | undefined = this.url(path);
    for (let page = 0; url !== undefined && page < maxPages; page++) {
      const answer = await this.send('GET', url);
      if (answer.status === 404 && name !== undefined) throw await this.notFound(name, undefined);
      const body = this.expect(answer, 200, 'GET', path) as Page;
      items.push(...(body.value ?? []));
      url =
        typeof body.nextLink === 'string' && body.nextLink !== ''
          ? this.nextPage(body.nextLink)
          : undefined;
    }
    return items;
  }

  private nextPage(link: string): URL {
    const next = new URL(link);
    // The token goes wherever nextLink points: only ever to this vault.
    if (next.origin !== this.vault.origin) {
      throw new SlipwayError(
        `Key Vault sent a nextLink to another host (${next.origin}); not followed`,
      );
    }
    if (!next.searchParams.has('api-version'))
      next.searchParams.set('api-version', keyVaultApiVersion);
    return next;
  }

  private url(path: string): URL {
    const base = this.vault.href.endsWith('/') ? this.vault.href : `${this.vault.href}/`;
    const url = new URL(path, base);
    url.searchParams.set('api-version', keyVaultApiVersion);
    return url;
  }

  private call(method: string, path: string, body?: unknown): Promise<Answer> {
    return this.send(method, this.url(path), body);
  }

  private async send(method: string, url: URL, body?: unknown): Promise<Answer> {
    const token = await this.options.tokenSource.token();
    const answer = await sendHttps(
      url,
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      this.options,
    );
    return { status: answer.status, body: parseJson(answer.text) };
  }

  /** The body of an expected answer; anything else throws with Key Vault's error code, not the body. */
  private expect(answer: Answer, status: number, method: string, path: string): unknown {
    if (answer.status === status) return answer.body;
    const error = (answer.body as { error?: { code?: unknown; message?: unknown } } | undefined)
      ?.error;
    const code = typeof error?.code === 'string' ? error.code : 'no error code';
    const message = typeof error?.message === 'string' ? `: ${error.message.slice(0, 200)}` : '';
    throw new SlipwayError(
      `Key Vault ${this.vault.host} answered ${answer.status} to ${method} /${path} (${code})${message}`,
      {
        hint:
          answer.status === 401 || answer.status === 403
            ? "check the identity's Key Vault role (Key Vault Secrets User to read, Officer to write) or access policy"
            : undefined,
      },
    );
  }
}
