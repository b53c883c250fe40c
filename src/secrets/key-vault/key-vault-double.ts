import { randomBytes } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { clientAssertionType, keyVaultScope } from './token-source.js';

// TEST DOUBLE, not Azure: a loopback server speaking Key Vault's documented secrets REST format
// (api-version 7.4) and Entra ID's token endpoint, strict about request shapes, so the provider
// and the workload-identity token source can be tested where Azure cannot be reached.

export type KeyVaultDoubleOptions = {
  readonly tenantId: string;
  readonly clientId: string;
  /** The federated (service-account) token the client assertion must carry. */
  readonly federatedToken: string;
  /** Serve https with this key and certificate (PEM) instead of http. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Items per page of a list, to exercise nextLink. */
  readonly pageSize?: number;
};

export type RecordedRequest = {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly authorization?: string;
};

type Version = { readonly id: string; readonly value: string; readonly created: number };
type Entry = { versions: Version[]; deletedDate?: number };

export type KeyVaultDouble = {
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly tokenRequests: () => number;
  /** Revokes every access token issued so far. */
  readonly revokeTokens: () => void;
  readonly close: () => Promise<void>;
};

const json = (
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void => {
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    ...headers,
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
};

const kvError = (res: ServerResponse, status: number, code: string, message: string): void =>
  json(res, status, { error: { code, message } });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startKeyVaultDouble(options: KeyVaultDoubleOptions): Promise<KeyVaultDouble> {
  const secrets = new Map<string, Entry>();
  const tokens = new Set<string>();
  const requests: RecordedRequest[] = [];
  let tokenRequests = 0;
  let clock = 1_700_000_000;
  let base = '';
  const pageSize = options.pageSize ?? 2;

  const attributes = (created: number): Record<string, unknown> => ({
    enabled: true,
    created,
    updated: created,
    recoveryLevel: 'Recoverable+Purgeable',
  });
  const bundle = (name: string, v: Version): Record<string, unknown> => ({
    value: v.value,
    id: `${base}/secrets/${name}/${v.id}`,
    attributes: attributes(v.created),
  });
  const deletedBundle = (name: string, entry: Entry): Record<string, unknown> => ({
    recoveryId: `${base}/deletedsecrets/${name}`,
    deletedDate: entry.deletedDate,
    scheduledPurgeDate: (entry.deletedDate ?? 0) + 90 * 86400,
    id: `${base}/secrets/${name}`,
    attributes: attributes(entry.versions.at(-1)?.created ?? 0),
  });
  const page = (
    res: ServerResponse,
    path: string,
    items: unknown[],
    query: Record<string, string>,
  ): void => {
    const skip = Number(query['$skiptoken'] ?? '0');
    const more = skip + pageSize < items.length;
    json(res, 200, {
      value: items.slice(skip, skip + pageSize),
      nextLink: more ? `${base}${path}?api-version=7.4&$skiptoken=${skip + pageSize}` : null,
    });
  };
  const notFound = (res: ServerResponse, name: string): void =>
    kvError(
      res,
      404,
      'SecretNotFound',
      `A secret with (name/id) ${name} was not found in this key vault.`,
    );

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    tokenRequests++;
    const form = new URLSearchParams(await readBody(req));
    const problems = [
      req.headers['content-type'] !== 'application/x-www-form-urlencoded' && 'content-type',
      form.get('grant_type') !== 'client_credentials' && 'grant_type',
      form.get('client_assertion_type') !== clientAssertionType && 'client_assertion_type',
      form.get('client_id') !== options.clientId && 'client_id',
      form.get('scope') !== keyVaultScope && 'scope',
    ].filter(Boolean);
    if (problems.length > 0) {
      json(res, 400, {
        error: 'invalid_request',
        error_description: `AADSTS900144: bad or missing ${problems.join(', ')}`,
      });
      return;
    }
    if (form.get('client_assertion') !== options.federatedToken) {
      json(res, 401, {
        error: 'invalid_client',
        error_description: 'AADSTS700213: No matching federated identity record found.',
      });
      return;
    }
    const issued = randomBytes(24).toString('base64url');
    tokens.add(issued);
    json(res, 200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: issued,
    });
  }

  type Call = {
    req: IncomingMessage;
    res: ServerResponse;
    name: string;
    rest: string | undefined;
    query: Record<string, string>;
    entry: Entry | undefined;
  };
  const isLive = (entry: Entry | undefined): entry is Entry =>
    entry !== undefined && entry.deletedDate === undefined;

  function listSecrets({ res, query }: Call): void {
    const items = [...secrets.entries()]
      .filter(([, e]) => e.deletedDate === undefined)
      .map(([n, e]) => ({
        id: `${base}/secrets/${n}`,
        attributes: attributes(e.versions.at(-1)?.created ?? 0),
      }));
    page(res, '/secrets', items, query);
  }

  async function putSecret({ req, res, name, entry }: Call): Promise<void> {
    if (!String(req.headers['content-type']).startsWith('application/json')) {
      return kvError(res, 415, 'BadParameter', 'JSON expected');
    }
    const body = JSON.parse(await readBody(req)) as { value?: unknown };
    if (typeof body.value !== 'string') {
      return kvError(res, 400, 'BadParameter', 'Property value is required.');
    }
    if (Buffer.byteLength(body.value) > 25 * 1024) {
      return kvError(res, 400, 'BadParameter', 'Secret value too large.');
    }
    if (entry?.deletedDate !== undefined) {
      return kvError(
        res,
        409,
        'Conflict',
        `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`,
      );
    }
    const version: Version = {
      id: randomBytes(16).toString('hex'),
      value: body.value,
      created: ++clock,
    };
    secrets.set(name, { versions: [...(entry?.versions ?? []), version] });
    json(res, 200, bundle(name, version));
  }

  function listVersions({ res, name, entry, query }: Call): void {
    if (!isLive(entry)) return notFound(res, name);
    const items = entry.versions.map((v) => ({
      id: `${base}/secrets/${name}/${v.id}`,
      attributes: attributes(v.created),
    }));
    page(res, `/secrets/${name}/versions`, items, query);
  }

  function getSecret({ res, name, rest, entry }: Call): void {
    const versions = isLive(entry) ? entry.versions : [];
    const version = rest === undefined ? versions.at(-1) : versions.find((v) => v.id === rest);
    if (version === undefined) return notFound(res, name);
    json(res, 200, bundle(name, version));
  }

  function deleteSecret({ res, name, entry }: Call): void {
    if (!isLive(entry)) return notFound(res, name);
    entry.deletedDate = ++clock;
    json(res, 200, deletedBundle(name, entry));
  }

  /** The deletedsecrets operations: 404 unless the secret is soft-deleted. */
  const deletedOnly =
    (then: (call: Call, entry: Entry) => void) =>
    (call: Call): void => {
      const { res, name, entry } = call;
      if (entry?.deletedDate === undefined) {
        return kvError(res, 404, 'SecretNotFound', `Deleted Secret not found: ${name}`);
      }
      then(call, entry);
    };

  const routes: Record<string, (call: Call) => void | Promise<void>> = {
    'GET secrets': listSecrets,
    'PUT secrets/:name': putSecret,
    'GET secrets/:name/versions': listVersions,
    'GET secrets/:name': getSecret,
    'GET secrets/:name/:version': getSecret,
    'DELETE secrets/:name': deleteSecret,
    'GET deletedsecrets/:name': deletedOnly(({ res, name }, entry) =>
      json(res, 200, deletedBundle(name, entry)),
    ),
    'DELETE deletedsecrets/:name': deletedOnly(({ res, name }) => {
      secrets.delete(name);
      json(res, 204);
    }),
    'POST deletedsecrets/:name/recover': deletedOnly(({ res, name }, entry) => {
      delete entry.deletedDate;
      const latest = entry.versions.at(-1);
      json(res, 200, latest === undefined ? {} : bundle(name, latest));
    }),
  };

  async function vault(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: Record<string, string>,
  ): Promise<void> {
    const [collection = '', name, rest, ...extra] = path.split('/').filter(Boolean);
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
      return kvError(res, 400, 'BadParameter', `Unknown operation ${req.method ?? ''} ${path}`);
    }
    const entry = name === undefined ? undefined : secrets.get(name);
    await route({ req, res, name: name ?? '', rest, query, entry });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://double');
    const query = Object.fromEntries(url.searchParams);
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query,
      ...(req.headers.authorization === undefined
        ? {}
        : { authorization: req.headers.authorization }),
    });
    if (req.method === 'POST' && url.pathname === `/${options.tenantId}/oauth2/v2.0/token`)
      return token(req, res);
    if (query['api-version'] !== '7.4') {
      return kvError(
        res,
        400,
        'BadParameter',
        `The specified version (${query['api-version'] ?? ''}) is not recognized.`,
      );
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer === undefined || !tokens.has(bearer)) {
      res.setHeader(
        'www-authenticate',
        `Bearer authorization="${base}/${options.tenantId}", resource="https://vault.azure.net"`,
      );
      return kvError(
        res,
        401,
        'Unauthorized',
        'AKV10000: Request is missing a Bearer or PoP token.',
      );
    }
    return vault(req, res, url.pathname, query);
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch(() => kvError(res, 500, 'InternalError', 'double failed'));
  };
  const server: Server = options.tls
    ? createHttpsServer(options.tls, listener)
    : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    url: base,
    requests,
    tokenRequests: () => tokenRequests,
    revokeTokens: () => tokens.clear(),
    close: () =>
      new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
