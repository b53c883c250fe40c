import { acceptFormBodies } from './form-body.js';
import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import { IdentityError } from './identity-error.js';
import type { WorkloadIdentity } from './service-account-token.js';
import type { SlipwayIssuer } from './slipway-issuer.js';
import {
  accessTokenType,
  OAuthError,
  parseTokenRequest,
  type TokenRequest,
} from './token-request.js';

/** The part of a pino logger the endpoint uses. It logs reasons and names, never tokens. */
export type IdentityLog = {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
};

export type IdentityRoutesDeps = {
  readonly issuer: SlipwayIssuer;
  /** Usually `(t) => verifyServiceAccountToken(t, {issuer, audience: 'slipway', client})`. */
  readonly verifySubjectToken: (token: string) => Promise<WorkloadIdentity>;
  readonly log?: IdentityLog;
  /** The access token's audience when the request names none. */
  readonly defaultAudience?: string;
  /** Audiences a request may ask for; any when absent. */
  readonly audiences?: readonly string[];
  readonly ttlSeconds?: number;
};

const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

function refusal(grant: TokenRequest['grant'] | undefined, error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  if (!(error instanceof IdentityError)) {
    return new OAuthError('server_error', 'the token endpoint failed; see the Slipway log', 500);
  }
  if (error.failure === 'unavailable') {
    return new OAuthError('temporarily_unavailable', error.message, 503);
  }
  // A bad client assertion fails client authentication (RFC 6749 §5.2: 401 invalid_client).
  return grant === 'client-assertion'
    ? new OAuthError('invalid_client', error.message, 401)
    : new OAuthError('invalid_grant', error.message, 400);
}

function sendError(reply: FastifyReply, error: OAuthError): FastifyReply {
  return reply
    .code(error.status)
    .headers(noStore)
    .send({ error: error.error, error_description: error.description });
}

async function exchange(
  deps: IdentityRoutesDeps,
  request: TokenRequest,
): Promise<{ identity: WorkloadIdentity; audience: string }> {
  const identity = await deps.verifySubjectToken(
    request.grant === 'token-exchange' ? request.subjectToken : request.assertion,
  );
  if (request.grant === 'client-assertion' && !identity.clientIds.includes(request.clientId)) {
    throw new IdentityError(
      'client_mismatch',
      `client_id ${JSON.stringify(request.clientId.slice(0, 100))} is not the identity of ServiceAccount ${identity.namespace}/${identity.serviceAccount} (${identity.clientIds.join(', ')})`,
    );
  }
  const audience = request.audience ?? deps.defaultAudience ?? 'slipway';
  if (deps.audiences !== undefined && !deps.audiences.includes(audience)) {
    throw new OAuthError(
      'invalid_target',
      `audience ${JSON.stringify(audience.slice(0, 100))} is not one Slipway issues tokens for (${deps.audiences.join(', ')})`,
    );
  }
  return { identity, audience };
}

function tokenHandler(
  deps: IdentityRoutesDeps,
): (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  return async (req, reply) => {
    if (!(req.body instanceof URLSearchParams)) {
      return sendError(
        reply,
        new OAuthError('invalid_request', 'send the request as application/x-www-form-urlencoded'),
      );
    }
    let request: TokenRequest | undefined;
    try {
      request = parseTokenRequest(req.body);
      const { identity, audience } = await exchange(deps, request);
      const issued = deps.issuer.issueAccessToken({
        sub: identity.identity,
        aud: audience,
        ...(deps.ttlSeconds === undefined ? {} : { ttlSeconds: deps.ttlSeconds }),
        claims: {
          namespace: identity.namespace,
          serviceaccount: identity.serviceAccount,
          ...(identity.pod ? { pod: identity.pod } : {}),
        },
      });
      deps.log?.info(
        {
          identity: identity.identity,
          namespace: identity.namespace,
          serviceAccount: identity.serviceAccount,
          pod: identity.pod,
          audience,
          grant: request.grant,
          from: req.ip,
        },
        'issued an access token',
      );
      return reply.headers(noStore).send({
        access_token: issued.accessToken,
        issued_token_type: accessTokenType,
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
      });
    } catch (error) {
      const answer = refusal(request?.grant, error);
      deps.log?.warn(
        {
          grant: request?.grant,
          failure: error instanceof IdentityError ? error.failure : answer.error,
          reason:
            answer.status === 500 && error instanceof Error ? error.message : answer.description,
          from: req.ip,
        },
        'refused a token request',
      );
      return sendError(reply, answer);
    }
  };
}

/**
 * Slipway's token endpoint and its issuer metadata, as a fastify plugin (register it on the API
 * server's app): POST /api/identity/token (RFC 8693 token exchange, or an Azure-style client
 * assertion), GET /.well-known/openid-configuration and /jwks.json, and the Azure-style
 * authority under /api/identity/azure/ that AZURE_AUTHORITY_HOST points at.
 */
export function identityRoutes(deps: IdentityRoutesDeps): FastifyPluginAsync {
  return (app: FastifyInstance): Promise<void> => {
    acceptFormBodies(app);
    // Parse failures (wrong content type, too large) answer in OAuth form; none echo the body.
    app.setErrorHandler((error: FastifyError, _request, reply) =>
      sendError(
        reply,
        new OAuthError(
          'invalid_request',
          (error.statusCode ?? 500) < 500 ? error.message : 'the request could not be read',
          error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 400,
        ),
      ),
    );
    const handler = tokenHandler(deps);
    app.post('/api/identity/token', handler);
    app.post('/api/identity/azure/:tenant/oauth2/v2.0/token', handler);
    app.get('/.well-known/openid-configuration', () => deps.issuer.discoveryDocument());
    app.get('/jwks.json', () => deps.issuer.jwks());
    app.get<{ Params: { tenant: string } }>(
      '/api/identity/azure/:tenant/v2.0/.well-known/openid-configuration',
      (request) => {
        const base = `${deps.issuer.issuerUrl}/api/identity/azure/${encodeURIComponent(request.params.tenant)}`;
        return {
          ...deps.issuer.discoveryDocument(),
          token_endpoint: `${base}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        };
      },
    );
    return Promise.resolve();
  };
}
