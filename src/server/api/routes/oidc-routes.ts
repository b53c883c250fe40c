import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OidcRefusal } from '../../../auth/oidc/index.js';
import type { ApiServerDeps } from '../api-deps.js';
import { ApiError, errorResponse } from '../api-error.js';
import { cookieValue, sessionCookie } from '../auth-hook.js';

// Sign-in through the OIDC IdP of `--oidc-config` (docs/api.md "OIDC sign-in"). These routes are
// public: the browser arrives here before it has a session. Every refusal is audited.

export const oidcLoginPath = '/api/session/oidc/login';
export const oidcCallbackPath = '/api/session/oidc/callback';
/** Ties the callback to the browser that started the login (a forged callback has no cookie). */
const loginCookie = 'slipway_oidc_login';
const loginCookieMaxAge = 600;

// Lax, not Strict: the IdP's redirect back is a cross-site navigation that must carry it.
const loginCookieHeader = (value: string, maxAge: number): string =>
  `${loginCookie}=${value}; HttpOnly; SameSite=Lax; Path=/api/session/oidc; Max-Age=${maxAge}`;

const sessionCookieHeader = (value: string): string =>
  `${sessionCookie}=${encodeURIComponent(value)}; HttpOnly; SameSite=Strict; Path=/`;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const wantsHtml = (request: FastifyRequest): boolean =>
  (request.headers.accept ?? '').includes('text/html');

/** A browser gets a small page (it arrived by redirect); an API client gets the error shape. */
function refuse(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const { status, body } = errorResponse(
    error instanceof OidcRefusal
      ? new ApiError(
          error.kind,
          error.message,
          error.hint === undefined ? {} : { hint: error.hint },
        )
      : error,
  );
  void reply.code(status).header('set-cookie', loginCookieHeader('', 0));
  if (!wantsHtml(request)) return reply.send(body);
  const hint = body.error.hint === undefined ? '' : `<p>${escapeHtml(body.error.hint)}</p>`;
  return reply
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in refused · Slipway</title></head>` +
        `<body><main><h1>Sign-in refused</h1><p>${escapeHtml(body.error.message)}</p>${hint}` +
        `<p><a href="/">Back to Slipway</a></p></main></body></html>`,
    );
}

const queryText = (query: unknown, key: string): string | undefined => {
  const value = (query as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : undefined;
};

export function addOidcRoutes(app: FastifyInstance, deps: ApiServerDeps): void {
  const oidc = deps.oidc;
  app.get('/api/session/providers', () =>
    oidc === undefined ? [] : [{ name: oidc.name, loginUrl: oidcLoginPath }],
  );
  if (oidc === undefined) return;

  const audit = async (request: FastifyRequest, who: string, detail?: string): Promise<void> => {
    await deps.audit.record({
      who,
      action: 'session.signin',
      target: `User ${who} via ${oidc.name}`,
      project: '*',
      at: new Date().toISOString(),
      from: request.ip,
      outcome: detail === undefined ? 'allowed' : 'denied',
      ...(detail === undefined ? {} : { detail: `oidc: ${detail}` }),
    });
  };

  app.get(oidcLoginPath, async (request, reply) => {
    try {
      const { location, browserBinding } = await oidc.begin();
      return await reply
        .header('set-cookie', loginCookieHeader(browserBinding, loginCookieMaxAge))
        .header('cache-control', 'no-store')
        .redirect(location, 302);
    } catch (error) {
      deps.log.warn({ err: error }, 'OIDC login could not start');
      return refuse(request, reply, error);
    }
  });

  app.get(oidcCallbackPath, async (request, reply) => {
    try {
      const signedIn = await oidc.complete({
        code: queryText(request.query, 'code'),
        state: queryText(request.query, 'state'),
        error: queryText(request.query, 'error'),
        browserBinding: cookieValue(request.headers.cookie, loginCookie),
      });
      await audit(request, signedIn.user);
      // The UI is served without a cookie check; its same-origin API calls carry the Strict
      // cookie even though this redirect chain started at the IdP.
      return await reply
        .header('set-cookie', [sessionCookieHeader(signedIn.sessionId), loginCookieHeader('', 0)])
        .header('cache-control', 'no-store')
        .redirect('/', 302);
    } catch (error) {
      const who = error instanceof OidcRefusal && error.who !== undefined ? error.who : 'anonymous';
      await audit(request, who, error instanceof Error ? error.message : String(error));
      return refuse(request, reply, error);
    }
  });
}
