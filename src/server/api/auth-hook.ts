import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator, Principal } from '../../auth/auth-types.js';
import { ApiError } from './api-error.js';
import type { AccessPolicy } from './api-route.js';

// Authentication runs before routing: an anonymous request to any /api path gets 401, whether
// or not the path exists, so the API's shape is not visible to strangers.

export const sessionCookie = 'slipway_session';

const oidcPublicPaths: ReadonlySet<string> = new Set([
  '/api/session/providers',
  '/api/session/oidc/login',
  '/api/session/oidc/callback',
]);

/** The /api paths anyone may call: the API description, Git host deliveries, sign-in. Pure. */
export function isPublicApiPath(method: string, path: string): boolean {
  if (path === '/api/openapi.json') return true;
  if (path === '/api/webhook' || path.startsWith('/api/webhooks/')) return true;
  // Workloads read their secrets with the access token their identity got (docs/secrets.md).
  if (method === 'GET' && path.startsWith('/api/secrets/')) return true;
  // Workloads prove who they are with their own token at the token endpoint (docs/identity.md).
  if (method === 'POST' && path === '/api/identity/token') return true;
  if (/^\/api\/identity\/azure\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) return method === 'POST';
  if (/^\/api\/identity\/azure\/[^/]+\/v2\.0\/\.well-known\/openid-configuration$/.test(path))
    return method === 'GET';
  // Sign-in through an IdP starts and ends before there is a session (docs/api.md).
  if (oidcPublicPaths.has(path)) return method === 'GET';
  return method === 'POST' && path === '/api/session';
}

export const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');

/** One cookie's value from a Cookie header. Pure. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

const mutatingMethods: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Installs the hook; the principal of a request is then read with the returned function. */
export function installAuthHook(
  app: FastifyInstance,
  authenticator: Authenticator,
  policy: AccessPolicy,
): (request: FastifyRequest) => Principal | undefined {
  const principals = new WeakMap<FastifyRequest, Principal>();
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (!isApiPath(path) || isPublicApiPath(request.method, path)) return;
    const authorization = request.headers.authorization;
    const cookie = cookieValue(request.headers.cookie, sessionCookie);
    const principal = await authenticator.identify({
      ...(authorization === undefined ? {} : { authorization }),
      ...(cookie === undefined ? {} : { sessionCookie: cookie }),
    });
    if (principal === undefined) {
      throw new ApiError('unauthenticated', 'sign in first: no valid session or API token', {
        hint: 'send `Authorization: Bearer <token>` or sign in with POST /api/session',
      });
    }
    const header = request.headers['x-csrf-token'];
    const csrf = Array.isArray(header) ? header[0] : header;
    if (mutatingMethods.has(request.method) && !policy.csrfOk(principal, request.method, csrf)) {
      throw new ApiError('precondition_failed', 'missing or wrong X-CSRF-Token header', {
        hint: 'send the csrfToken from sign-in or GET /api/session as X-CSRF-Token',
      });
    }
    principals.set(request, principal);
  });
  return (request) => principals.get(request);
}
