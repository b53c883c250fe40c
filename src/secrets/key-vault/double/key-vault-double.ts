import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { entraIdDouble } from './entra-id-double.js';
import { sendVaultError } from './http-answer.js';
import { vaultSecretsDouble } from './vault-secrets-double.js';

// TEST DOUBLE, not Azure: one loopback https server playing both Key Vault (secrets REST API,
// challenge-based Bearer authentication) and Entra ID (OpenID configuration, v2.0 token
// endpoint), strict about what the official SDK sends, so the provider can be tested where Azure
// cannot be reached.

export type KeyVaultDoubleOptions = {
  readonly tenantId: string;
  readonly clientId: string;
  /** The projected service-account token the client assertion must carry. */
  readonly federatedToken: string;
  /** The server's key and certificate (PEM); see makeThrowawayTls. */
  readonly tls: { readonly key: string; readonly cert: string };
  /** The api-version every vault request must carry. */
  readonly apiVersion: string;
  /** Items per page of a list, to exercise nextLink. */
  readonly pageSize?: number;
  /** Points nextLink at another origin, as a hostile or broken vault might. */
  readonly nextLinkOrigin?: string;
};

export type RecordedRequest = {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly authorization?: string;
  /** Bytes of body the client announced (0 when none). */
  readonly bodyBytes: number;
};

export type KeyVaultDouble = {
  /** The vault's URL, https://127.0.0.1:{port}. */
  readonly url: string;
  /** What AZURE_AUTHORITY_HOST would be: the same server. */
  readonly authorityHost: string;
  readonly requests: RecordedRequest[];
  /** Every token request's form fields, as received. */
  readonly tokenForms: Record<string, string>[];
  /** Revokes every access token issued so far. */
  readonly revokeTokens: () => void;
  /** Takes away the identity's role on a secret: 403 ForbiddenByRbac from then on. */
  readonly deny: (secret: string) => void;
  readonly close: () => Promise<void>;
};

export async function startKeyVaultDouble(options: KeyVaultDoubleOptions): Promise<KeyVaultDouble> {
  let base = '';
  const requests: RecordedRequest[] = [];
  const denied = new Set<string>();
  const entraId = entraIdDouble(options, () => base);
  const secrets = vaultSecretsDouble({
    pageSize: options.pageSize ?? 2,
    base: () => base,
    nextLinkBase: () => options.nextLinkOrigin ?? base,
  });

  /** Key Vault's challenge: an unauthenticated request learns the tenant and the resource. */
  function challenge(res: ServerResponse): void {
    res.setHeader(
      'www-authenticate',
      `Bearer authorization="${base}/${options.tenantId}", resource="https://vault.azure.net"`,
    );
    sendVaultError(res, 401, 'Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.');
  }

  /** Key Vault's RBAC refusal, naming the data action the caller lacks. */
  function forbidden(req: IncomingMessage, res: ServerResponse, secret: string): void {
    const actions: Record<string, string> = {
      GET: 'getSecret/action',
      PUT: 'setSecret/action',
      DELETE: 'delete',
      POST: 'recover/action',
    };
    sendVaultError(
      res,
      403,
      'Forbidden',
      `Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\nCaller: appid=${options.clientId}\r\nAction: 'Microsoft.KeyVault/vaults/secrets/${actions[req.method ?? ''] ?? 'readMetadata/action'}'\r\nResource: '${secret}'\r\nAssignment: (not found)\r\nDecisionReason: 'DeniedWithNoValidRBAC'\r\n`,
      'ForbiddenByRbac',
    );
  }

  async function vault(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const apiVersion = url.searchParams.get('api-version');
    if (apiVersion !== options.apiVersion) {
      return sendVaultError(
        res,
        400,
        'BadParameter',
        `The specified version (${apiVersion ?? ''}) is not recognized. Consider using the latest supported version (${options.apiVersion}).`,
      );
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer === undefined || !entraId.issued(bearer)) return challenge(res);
    const secret = url.pathname.split('/')[2] ?? '';
    if (denied.has(secret)) return forbidden(req, res, secret);
    await secrets(req, res, url);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      bodyBytes: Number(req.headers['content-length'] ?? 0),
      ...(req.headers.authorization === undefined
        ? {}
        : { authorization: req.headers.authorization }),
    });
    if (await entraId.handle(req, res, url)) return;
    await vault(req, res, url);
  }

  const server = createServer(options.tls, (req, res) => {
    handle(req, res).catch(() => sendVaultError(res, 500, 'InternalError', 'the double failed'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    authorityHost: base,
    requests,
    tokenForms: entraId.tokenForms,
    revokeTokens: entraId.revokeTokens,
    deny: (secret) => {
      denied.add(secret);
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
