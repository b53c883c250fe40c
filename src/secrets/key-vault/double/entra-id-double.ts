import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-answer.js';

// TEST DOUBLE, not Entra ID: the two endpoints MSAL (inside @azure/identity) calls for a
// client-assertion grant — the tenant's OpenID configuration and the v2.0 token endpoint —
// answering in Entra ID's documented shapes, including its error JSON.

export const keyVaultScope = 'https://vault.azure.net/.default';
/** What MSAL sends as client_assertion_type for a federated (JWT) client assertion. */
export const jwtBearerAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export type EntraIdDoubleOptions = {
  readonly tenantId: string;
  readonly clientId: string;
  /** The projected service-account token the client assertion must be. */
  readonly federatedToken: string;
};

export type EntraIdDouble = {
  /** Answers the request if it is for Entra ID; false when it is not. */
  readonly handle: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  /** Whether `token` is an access token this double issued for Key Vault and not revoked. */
  readonly issued: (token: string) => boolean;
  readonly revokeTokens: () => void;
  /** Every token request's form, as received. */
  readonly tokenForms: Record<string, string>[];
};

/** Entra ID's error body: AADSTS code and description, trace ids, as the real service sends. */
function aadError(
  res: ServerResponse,
  status: number,
  error: string,
  code: number,
  text: string,
): void {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString();
  sendJson(res, status, {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

export function entraIdDouble(options: EntraIdDoubleOptions, base: () => string): EntraIdDouble {
  const tokens = new Set<string>();
  const tokenForms: Record<string, string>[] = [];
  const tenant = `/${options.tenantId}`;

  function openIdConfiguration(res: ServerResponse): void {
    const authority = `${base()}${tenant}`;
    sendJson(res, 200, {
      token_endpoint: `${authority}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      jwks_uri: `${authority}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${authority}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
    });
  }

  /** The first field of a client-assertion grant that is missing or wrong, if any. */
  function malformed(req: IncomingMessage, form: URLSearchParams): string | undefined {
    const checks: [field: string, got: string | null | undefined, want: string][] = [
      [
        'content-type',
        req.headers['content-type']?.split(';')[0],
        'application/x-www-form-urlencoded',
      ],
      ['grant_type', form.get('grant_type'), 'client_credentials'],
      ['client_id', form.get('client_id'), options.clientId],
      ['client_assertion_type', form.get('client_assertion_type'), jwtBearerAssertionType],
      ['scope', form.get('scope'), keyVaultScope],
    ];
    return checks.find(([, got, want]) => got !== want)?.[0];
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    tokenForms.push(Object.fromEntries(form));
    const wrong = malformed(req, form);
    if (wrong !== undefined) {
      return aadError(
        res,
        400,
        'invalid_request',
        900144,
        `The request body must contain a valid '${wrong}' parameter.`,
      );
    }
    if (form.get('client_assertion') !== options.federatedToken) {
      return aadError(
        res,
        401,
        'invalid_client',
        700213,
        `No matching federated identity record found for presented assertion subject. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
      );
    }
    const issued = randomBytes(24).toString('base64url');
    tokens.add(issued);
    sendJson(res, 200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: issued,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const route = `${req.method ?? ''} ${url.pathname}`;
    if (route === `GET ${tenant}/v2.0/.well-known/openid-configuration`) {
      openIdConfiguration(res);
      return true;
    }
    if (route === `POST ${tenant}/oauth2/v2.0/token`) {
      await token(req, res);
      return true;
    }
    if (/\/(oauth2|v2\.0|discovery)\//.test(url.pathname)) {
      aadError(
        res,
        400,
        'invalid_tenant',
        90002,
        `Tenant '${url.pathname.split('/')[1] ?? ''}' not found.`,
      );
      return true;
    }
    return false;
  }

  return {
    handle,
    issued: (token) => tokens.has(token),
    revokeTokens: () => tokens.clear(),
    tokenForms,
  };
}
