import Fastify, { type FastifyInstance } from 'fastify';
import { identityRoutes } from '../../identity/index.js';
import { secretsRouteMaxParamLength } from '../../secrets/index.js';
import type { ApiServerDeps } from './api-deps.js';
import { ApiError, errorResponse } from './api-error.js';
import { ApiRoutes } from './api-route.js';
import { installAuthHook, isApiPath } from './auth-hook.js';
import { addApplicationRoutes } from './routes/application-routes.js';
import { addEventsRoute } from './routes/events-route.js';
import { addInsightRoutes } from './routes/insight-routes.js';
import { addOidcRoutes } from './routes/oidc-routes.js';
import { addOpsRoutes } from './routes/ops-routes.js';
import { addPreviewRoutes } from './routes/preview-routes.js';
import { addRolloutRoutes } from './routes/rollout-routes.js';
import { addRunRoutes } from './routes/run-routes.js';
import { addSessionRoutes, addSignInRoute } from './routes/session-routes.js';
import { serveUi } from './routes/ui-static.js';
import { mountWebhooks } from './routes/webhook-mount.js';

/**
 * The HTTP API of docs/api.md, the webhook intake, /metrics and the web UI, in one fastify app.
 * Not listening yet: the caller listens (or injects, in tests).
 */
export function buildApiServer(deps: ApiServerDeps, version = '0.0.0'): FastifyInstance {
  // maxParamLength: secret names may be longer than fastify's default of 100.
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    maxParamLength: secretsRouteMaxParamLength,
  });
  const principalOf = installAuthHook(app, deps.authenticator, deps.policy);
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = errorResponse(error);
    if (status >= 500) deps.log.error({ err: error, url: request.url }, 'request failed');
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (isApiPath(path) || request.method !== 'GET') {
      const { status, body } = errorResponse(
        new ApiError('not_found', `no route ${request.method} ${path}`, {
          hint: 'see /api/openapi.json for the routes',
        }),
      );
      return reply.code(status).send(body);
    }
    return serveUi(deps.uiDir, path, reply);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.httpRequests.inc({
      method: request.method,
      route,
      status: String(reply.statusCode),
    });
    done();
  });

  const routes = new ApiRoutes(app, {
    policy: deps.policy,
    audit: deps.audit,
    log: deps.log,
    principalOf,
  });
  addSignInRoute(app, deps);
  addOidcRoutes(app, deps);
  addSessionRoutes(routes, deps);
  addApplicationRoutes(routes, deps);
  addRolloutRoutes(routes, deps);
  addRunRoutes(routes, deps);
  addInsightRoutes(routes, deps);
  addPreviewRoutes(routes, deps);
  addEventsRoute(routes, app, deps);
  addOpsRoutes(app, deps, () => routes.docs, version);
  mountWebhooks(app, deps);
  // Scoped (not fastify-plugin): its form parser and OAuth error shape stay on its own routes.
  if (deps.identity !== undefined) void app.register(identityRoutes(deps.identity));
  if (deps.secrets !== undefined) void app.register(deps.secrets);
  return app;
}
