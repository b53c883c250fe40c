import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson, sendVaultError } from './http-answer.js';

// TEST DOUBLE, not Key Vault: the secrets operations of Key Vault's documented REST API (secret
// bundles, paged lists with nextLink, soft delete, recover, purge, its error codes), over an
// in-memory store. Authentication is checked before a request gets here.

export type VaultSecretsOptions = {
  /** Items per page of a list, to exercise nextLink. */
  readonly pageSize: number;
  /** Where nextLink points; the vault itself unless a test wants another host. */
  readonly nextLinkBase: () => string;
  readonly base: () => string;
};

type Version = { readonly id: string; readonly value: string; readonly created: number };
type Entry = { versions: Version[]; deletedDate?: number };
type Call = {
  req: IncomingMessage;
  res: ServerResponse;
  name: string;
  version: string | undefined;
  query: Record<string, string>;
  entry: Entry | undefined;
};
type Route = (call: Call) => void | Promise<void>;

const isLive = (entry: Entry | undefined): entry is Entry =>
  entry !== undefined && entry.deletedDate === undefined;

export function vaultSecretsDouble(
  options: VaultSecretsOptions,
): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const secrets = new Map<string, Entry>();
  let clock = 1_700_000_000;

  const attributes = (created: number): Record<string, unknown> => ({
    enabled: true,
    created,
    updated: created,
    recoverableDays: 90,
    recoveryLevel: 'Recoverable+Purgeable',
  });
  const bundle = (name: string, v: Version): Record<string, unknown> => ({
    value: v.value,
    id: `${options.base()}/secrets/${name}/${v.id}`,
    attributes: attributes(v.created),
  });
  const deletedBundle = (name: string, entry: Entry): Record<string, unknown> => ({
    recoveryId: `${options.base()}/deletedsecrets/${name}`,
    deletedDate: entry.deletedDate,
    scheduledPurgeDate: (entry.deletedDate ?? 0) + 90 * 86400,
    id: `${options.base()}/secrets/${name}`,
    attributes: attributes(entry.versions.at(-1)?.created ?? 0),
  });
  const page = (call: Call, path: string, items: unknown[]): void => {
    const skip = Number(call.query['$skiptoken'] ?? '0');
    const next = skip + options.pageSize;
    sendJson(call.res, 200, {
      value: items.slice(skip, next),
      nextLink:
        next < items.length
          ? `${options.nextLinkBase()}${path}?api-version=${call.query['api-version'] ?? ''}&$skiptoken=${next}`
          : null,
    });
  };
  const notFound = (res: ServerResponse, name: string): void =>
    sendVaultError(
      res,
      404,
      'SecretNotFound',
      `A secret with (name/id) ${name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
    );

  function listSecrets(call: Call): void {
    const items = [...secrets.entries()]
      .filter(([, e]) => isLive(e))
      .map(([n, e]) => ({
        id: `${options.base()}/secrets/${n}`,
        attributes: attributes(e.versions.at(-1)?.created ?? 0),
      }));
    page(call, '/secrets', items);
  }

  async function setSecret({ req, res, name, entry }: Call): Promise<void> {
    if (req.headers['content-type'] !== 'application/json') {
      return sendVaultError(res, 415, 'BadParameter', 'Content-Type application/json expected.');
    }
    const body = JSON.parse(await readBody(req)) as { value?: unknown };
    if (typeof body.value !== 'string') {
      return sendVaultError(res, 400, 'BadParameter', 'Property value is required.');
    }
    if (Buffer.byteLength(body.value) > 25 * 1024) {
      return sendVaultError(res, 400, 'BadParameter', 'Secret value too large.');
    }
    if (entry?.deletedDate !== undefined) {
      return sendVaultError(
        res,
        409,
        'Conflict',
        `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`,
      );
    }
    const version = { id: randomBytes(16).toString('hex'), value: body.value, created: ++clock };
    secrets.set(name, { versions: [...(entry?.versions ?? []), version] });
    sendJson(res, 200, bundle(name, version));
  }

  function listVersions(call: Call): void {
    const { res, name, entry } = call;
    if (!isLive(entry)) return notFound(res, name);
    const items = entry.versions.map((v) => ({
      id: `${options.base()}/secrets/${name}/${v.id}`,
      attributes: attributes(v.created),
    }));
    page(call, `/secrets/${name}/versions`, items);
  }

  function getSecret({ res, name, version, entry }: Call): void {
    const versions = isLive(entry) ? entry.versions : [];
    const found = version === undefined ? versions.at(-1) : versions.find((v) => v.id === version);
    if (found === undefined) return notFound(res, name);
    sendJson(res, 200, bundle(name, found));
  }

  function deleteSecret({ res, name, entry }: Call): void {
    if (!isLive(entry)) return notFound(res, name);
    entry.deletedDate = ++clock;
    sendJson(res, 200, deletedBundle(name, entry));
  }

  /** The deletedsecrets operations: 404 unless the secret is soft-deleted. */
  const deletedOnly =
    (then: (call: Call, entry: Entry) => void): Route =>
    (call) => {
      if (call.entry?.deletedDate === undefined) {
        return sendVaultError(
          call.res,
          404,
          'SecretNotFound',
          `Deleted Secret not found: ${call.name}`,
        );
      }
      then(call, call.entry);
    };

  const routes: Record<string, Route> = {
    'GET secrets': listSecrets,
    'PUT secrets/:name': setSecret,
    'GET secrets/:name/versions': listVersions,
    'GET secrets/:name': getSecret,
    'GET secrets/:name/:version': getSecret,
    'DELETE secrets/:name': deleteSecret,
    'GET deletedsecrets/:name': deletedOnly(({ res, name }, entry) =>
      sendJson(res, 200, deletedBundle(name, entry)),
    ),
    'DELETE deletedsecrets/:name': deletedOnly(({ res, name }) => {
      secrets.delete(name);
      sendJson(res, 204);
    }),
    'POST deletedsecrets/:name/recover': deletedOnly(({ res, name }, entry) => {
      delete entry.deletedDate;
      const latest = entry.versions.at(-1);
      sendJson(res, 200, latest === undefined ? {} : bundle(name, latest));
    }),
  };

  return async (req, res, url) => {
    // `secrets/{name}/` (empty version) is the newest, as the SDK asks for it.
    const [collection = '', name, rest, ...extra] = url.pathname.split('/').filter(Boolean);
    const shape = [
      collection,
      ...(name === undefined ? [] : [':name']),
      ...(rest === undefined
        ? []
        : [rest === 'versions' || rest === 'recover' ? rest : ':version']),
      ...extra,
    ].join('/');
    const route = routes[`${req.method ?? ''} ${shape}`];
    if (route === undefined) {
      return sendVaultError(
        res,
        400,
        'BadParameter',
        `Unknown operation ${req.method ?? ''} ${url.pathname}`,
      );
    }
    const query = Object.fromEntries(url.searchParams);
    const entry = name === undefined ? undefined : secrets.get(name);
    await route({ req, res, name: name ?? '', version: rest, query, entry });
  };
}
