// The token endpoint's request grammar (RFC 6749 §4.4, RFC 7523, RFC 8693) and its OAuth errors.

export const tokenExchangeGrant = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const clientCredentialsGrant = 'client_credentials';
export const jwtTokenType = 'urn:ietf:params:oauth:token-type:jwt';
export const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
export const jwtBearerAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_grant'
  | 'invalid_client'
  | 'invalid_target'
  | 'unsupported_grant_type'
  | 'temporarily_unavailable'
  | 'server_error';

/** An answer in RFC 6749 §5.2 form: `{error, error_description}` with its HTTP status. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status: number = 400,
  ) {
    super(description);
  }
}

export type TokenRequest =
  | { readonly grant: 'token-exchange'; readonly subjectToken: string; readonly audience?: string }
  | {
      readonly grant: 'client-assertion';
      readonly assertion: string;
      readonly clientId: string;
      readonly audience?: string;
    };

function single(form: URLSearchParams, name: string): string | undefined {
  const values = form.getAll(name);
  if (values.length > 1) throw new OAuthError('invalid_request', `${name} is given more than once`);
  return values[0] === '' ? undefined : values[0];
}

function required(form: URLSearchParams, name: string, grant: string): string {
  const value = single(form, name);
  if (value === undefined) throw new OAuthError('invalid_request', `${grant} needs ${name}`);
  return value;
}

function expect(form: URLSearchParams, name: string, wanted: string, grant: string): void {
  const value = required(form, name, grant);
  if (value !== wanted) {
    throw new OAuthError('invalid_request', `${name} must be ${wanted} for ${grant}`);
  }
}

/** `scope=api://x/.default` (Azure style) names the audience `api://x`. */
function audienceOfScope(scope: string | undefined): string | undefined {
  if (scope === undefined) return undefined;
  const scopes = scope.split(/\s+/).filter(Boolean);
  if (scopes.length !== 1) throw new OAuthError('invalid_request', 'scope must name one audience');
  return (scopes[0] ?? '').replace(/\/\.default$/, '');
}

const withAudience = (audience: string | undefined): { audience?: string } =>
  audience === undefined ? {} : { audience };

/** Reads a form-encoded token request; the values are not checked beyond their shape. Pure. */
export function parseTokenRequest(form: URLSearchParams): TokenRequest {
  const grant = single(form, 'grant_type');
  if (grant === tokenExchangeGrant) {
    expect(form, 'subject_token_type', jwtTokenType, 'token exchange');
    const requested = single(form, 'requested_token_type');
    if (requested !== undefined && requested !== accessTokenType && requested !== jwtTokenType) {
      throw new OAuthError('invalid_request', `requested_token_type must be ${accessTokenType}`);
    }
    return {
      grant: 'token-exchange',
      subjectToken: required(form, 'subject_token', 'token exchange'),
      ...withAudience(single(form, 'audience') ?? single(form, 'resource')),
    };
  }
  if (grant === clientCredentialsGrant) {
    expect(form, 'client_assertion_type', jwtBearerAssertionType, 'client_credentials');
    return {
      grant: 'client-assertion',
      assertion: required(form, 'client_assertion', 'client_credentials'),
      clientId: required(form, 'client_id', 'client_credentials'),
      ...withAudience(single(form, 'audience') ?? audienceOfScope(single(form, 'scope'))),
    };
  }
  throw new OAuthError(
    grant === undefined ? 'invalid_request' : 'unsupported_grant_type',
    grant === undefined
      ? 'grant_type is missing'
      : `grant_type ${JSON.stringify(grant.slice(0, 100))} is not supported; use ${tokenExchangeGrant} or ${clientCredentialsGrant} with a client assertion`,
  );
}
