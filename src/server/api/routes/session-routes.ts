import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../../auth/auth-types.js';
import type { ApiServerDeps } from '../api-deps.js';
import { ApiError, notFound } from '../api-error.js';
import type { ApiRoutes } from '../api-route.js';
import { cookieValue, sessionCookie } from '../auth-hook.js';
import { idParams, sessionAnswer, sessionBody, tokenBody, tokenSchema } from '../schemas.js';

// Sign-in (the one /api route anyone may POST to), the session, and one's own API tokens.

const cookie = (value: string, maxAge?: number): string =>
  [
    `${sessionCookie}=${encodeURIComponent(value)}`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/',
    ...(maxAge === undefined ? [] : [`Max-Age=${maxAge}`]),
  ].join('; ');

const answer = (principal: Principal, csrfToken?: string): unknown => ({
  user: principal.user,
  roles: principal.grants,
  csrfToken: csrfToken ?? principal.csrfToken ?? null,
});

/** POST /api/session: outside ApiRoutes because no one is signed in yet. */
export function addSignInRoute(app: FastifyInstance, deps: ApiServerDeps): void {
  app.post('/api/session', async (request, reply) => {
    const body = sessionBody.parse(request.body ?? {});
    const at = new Date().toISOString();
    const base = {
      who: body.username,
      action: 'session.signin',
      target: `User ${body.username}`,
      project: '*',
      at,
      from: request.ip,
    };
    const signedIn = await deps.authenticator
      .signIn(body.username, body.password)
      .catch(async (error: unknown) => {
        await deps.audit.record({
          ...base,
          outcome: 'denied',
          detail: error instanceof Error ? error.message : String(error),
        });
        throw error;
      });
    if (signedIn === undefined) {
      await deps.audit.record({
        ...base,
        outcome: 'denied',
        detail: 'wrong user name or password',
      });
      throw new ApiError('unauthenticated', 'wrong user name or password');
    }
    await deps.audit.record({ ...base, outcome: 'allowed' });
    return reply
      .header('set-cookie', cookie(signedIn.sessionId))
      .send(answer(signedIn.principal, signedIn.csrfToken));
  });
}

export function addSessionRoutes(routes: ApiRoutes, deps: ApiServerDeps): void {
  routes.add({
    method: 'GET',
    url: '/api/session',
    action: 'session.get',
    summary: 'Who is signed in, their roles and the CSRF token',
    response: sessionAnswer,
    handler: ({ principal, own }) => {
      own(`User ${principal.user}`);
      return Promise.resolve(answer(principal));
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/session',
    action: 'session.signout',
    summary: 'Sign out',
    handler: async ({ principal, own, request, reply }) => {
      own(`User ${principal.user}`);
      const id = principal.sessionId ?? cookieValue(request.headers.cookie, sessionCookie);
      if (id !== undefined) await deps.authenticator.signOut(id);
      void reply.header('set-cookie', cookie('', 0));
      return { signedOut: true };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/tokens',
    action: 'token.list',
    summary: 'Your API tokens (never their secrets)',
    handler: async ({ principal, own }) => {
      own(`User ${principal.user}`);
      return { items: await deps.authenticator.listTokens(principal.user) };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/tokens',
    action: 'token.create',
    summary: 'Create an API token; the secret is in this answer only',
    body: tokenBody,
    status: 201,
    handler: async ({ principal, body, own }) => {
      own(`Token ${body.name} of ${principal.user}`);
      const { token, secret } = await deps.authenticator.createToken(principal.user, body.name);
      return { token: tokenSchema.parse(token), secret };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/tokens/:id',
    action: 'token.revoke',
    summary: 'Revoke one of your API tokens',
    params: idParams,
    handler: async ({ principal, params, own }) => {
      own(`Token ${params.id} of ${principal.user}`);
      if (!(await deps.authenticator.revokeToken(principal.user, params.id)))
        throw notFound(`token "${params.id}"`, 'list yours with GET /api/tokens');
      return { revoked: params.id };
    },
  });
}
