import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import {
  acceptFormBodies,
  accessTokenType,
  OAuthError,
  parseTokenRequest,
} from '../identity/index.js';
import { RegistryAuthError } from './registry-auth-error.js';
import { parseBasicAuth, type BasicCredentials } from '../auth/basic-auth.js';
import { parseScopes } from './registry-scope.js';
import {
  exchangeServiceAccountToken,
  issueRegistryToken,
  type RegistryTokenServiceDeps,
} from './registry-token-service.js';

// The HTTP face of the registry's token service, on Slipway's fixed loopback listener:
//   GET  /token     the Docker registry token protocol (Basic auth, `scope=` repeated)
//   POST /token     the same as OAuth 2 (grant_type=password), which containerd tries first
//   POST /exchange  RFC 8693: a pod's service-account token → a registry credential
//   GET  /healthz

const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

const errorCodes: Record<RegistryAuthError['failure'], string> = {
  unauthorized: 'UNAUTHORIZED',
  invalid_scope: 'INVALID_SCOPE',
  wrong_service: 'WRONG_SERVICE',
  invalid_request: 'INVALID_REQUEST',
  unavailable: 'UNAVAILABLE',
};

function sendRegistryError(reply: FastifyReply, error: unknown): FastifyReply {
  const refusal =
    error instanceof RegistryAuthError
      ? error
      : new RegistryAuthError('unavailable', 'the token service failed; see the Slipway log');
  if (refusal.status === 401) reply.header('www-authenticate', 'Basic realm="slipway-registry"');
  // distribution's error shape, which docker, podman and containerd print as they get it.
  return reply
    .code(refusal.status)
    .headers(noStore)
    .send({ errors: [{ code: errorCodes[refusal.failure], message: refusal.message }] });
}

const many = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : [];

const one = (form: URLSearchParams, name: string): string | undefined => {
  const values = form.getAll(name);
  if (values.length > 1) {
    throw new RegistryAuthError('invalid_request', `${name} is given more than once`);
  }
  return values[0] === '' ? undefined : values[0];
};

/** The credentials of an OAuth POST: the password grant only (Slipway issues no refresh token). */
function formCredentials(form: URLSearchParams): BasicCredentials {
  const grant = one(form, 'grant_type');
  if (grant !== 'password') {
    throw new RegistryAuthError(
      'invalid_request',
      `grant_type ${JSON.stringify((grant ?? '').slice(0, 40))} is not supported; use password, or GET with Basic auth`,
    );
  }
  return { username: one(form, 'username') ?? '', password: one(form, 'password') ?? '' };
}

function tokenHandler(
  deps: RegistryTokenServiceDeps,
  read: (req: FastifyRequest) => {
    credentials: BasicCredentials | undefined;
    service: string | undefined;
    scopes: string[];
  },
): (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  return async (req, reply) => {
    try {
      const { credentials, service, scopes } = read(req);
      const issued = await issueRegistryToken(deps, {
        credentials,
        service,
        scopes: parseScopes(scopes),
        from: req.ip,
      });
      return reply.headers(noStore).send({
        token: issued.token,
        access_token: issued.token,
        expires_in: issued.expiresIn,
        issued_at: issued.issuedAt,
      });
    } catch (error) {
      if (!(error instanceof RegistryAuthError)) {
        deps.log?.warn({ err: error, from: req.ip }, 'the registry token service failed');
      } else if (error.failure === 'unauthorized') {
        deps.log?.warn({ reason: error.message, from: req.ip }, 'refused registry credentials');
      }
      return sendRegistryError(reply, error);
    }
  };
}

function exchangeHandler(
  deps: RegistryTokenServiceDeps,
): (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  return async (req, reply) => {
    const sendOAuth = (error: OAuthError): FastifyReply =>
      reply
        .code(error.status)
        .headers(noStore)
        .send({ error: error.error, error_description: error.description });
    try {
      if (!(req.body instanceof URLSearchParams)) {
        throw new OAuthError('invalid_request', 'send the request form-encoded');
      }
      const request = parseTokenRequest(req.body);
      if (request.grant !== 'token-exchange') {
        throw new OAuthError('unsupported_grant_type', 'only token exchange is taken here');
      }
      if (request.audience !== undefined && request.audience !== deps.service) {
        throw new OAuthError('invalid_target', `the audience must be "${deps.service}"`);
      }
      const issued = await exchangeServiceAccountToken(deps, request.subjectToken);
      return reply.headers(noStore).send({
        access_token: issued.password,
        issued_token_type: accessTokenType,
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
      });
    } catch (error) {
      if (error instanceof OAuthError) return sendOAuth(error);
      const refusal =
        error instanceof RegistryAuthError
          ? error
          : new RegistryAuthError('unavailable', 'the exchange failed; see the Slipway log');
      deps.log?.warn(
        { reason: refusal.message, failure: refusal.failure, from: req.ip },
        'refused a registry credential exchange',
      );
      return sendOAuth(
        refusal.failure === 'unavailable'
          ? new OAuthError('temporarily_unavailable', refusal.message, 503)
          : new OAuthError('invalid_grant', refusal.message, 400),
      );
    }
  };
}

/** The token service's routes as a fastify plugin (for its own fastify instance). */
export function registryAuthRoutes(deps: RegistryTokenServiceDeps): FastifyPluginAsync {
  return (app: FastifyInstance): Promise<void> => {
    acceptFormBodies(app);
    // Parse failures (wrong content type, too large) answer without echoing the body.
    app.setErrorHandler((error: FastifyError, _request, reply) =>
      sendRegistryError(
        reply,
        new RegistryAuthError(
          'invalid_request',
          (error.statusCode ?? 500) < 500 ? error.message : 'the request could not be read',
        ),
      ),
    );
    app.get(
      '/token',
      tokenHandler(deps, (req) => {
        const query = req.query as Record<string, unknown>;
        return {
          credentials: parseBasicAuth(req.headers.authorization),
          service: many(query['service'])[0],
          scopes: many(query['scope']),
        };
      }),
    );
    app.post(
      '/token',
      tokenHandler(deps, (req) => {
        if (!(req.body instanceof URLSearchParams)) {
          throw new RegistryAuthError('invalid_request', 'send the request form-encoded');
        }
        return {
          credentials: formCredentials(req.body),
          service: one(req.body, 'service'),
          scopes: req.body.getAll('scope'),
        };
      }),
    );
    app.post('/exchange', exchangeHandler(deps));
    app.get('/healthz', () => ({ status: 'ok' }));
    return Promise.resolve();
  };
}
