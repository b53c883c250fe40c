import type { FastifyInstance } from 'fastify';
import type { ApiServerDeps } from '../api-deps.js';
import type { RouteDoc } from '../api-route.js';
import { openApiDocument } from '../openapi.js';
import { sessionAnswer, sessionBody } from '../schemas.js';

// What needs no sign-in: Prometheus scraping, liveness, readiness and the API description.

export function addOpsRoutes(
  app: FastifyInstance,
  deps: ApiServerDeps,
  docs: () => readonly RouteDoc[],
  version: string,
): void {
  app.get('/metrics', (_request, reply) =>
    reply
      .header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
      .send(deps.metrics.render()),
  );
  app.get('/healthz', (_request, reply) => reply.send({ ok: true }));
  app.get('/readyz', (_request, reply) => {
    const ready = (deps.ready ?? (() => deps.applications.listed && deps.rollouts.listed))();
    return reply.code(ready ? 200 : 503).send({ ready });
  });
  app.get('/api/openapi.json', (_request, reply) => {
    const signIn: RouteDoc = {
      method: 'POST',
      url: '/api/session',
      action: 'session.signin',
      summary: 'Sign in with {username, password}: sets the slipway_session cookie',
      body: sessionBody,
      response: sessionAnswer,
      status: 200,
      raw: false,
    };
    const document = openApiDocument([signIn, ...docs()], version);
    const paths = document['paths'] as Record<string, Record<string, Record<string, unknown>>>;
    const post = paths['/api/session']?.['post'];
    if (post !== undefined) post['security'] = [];
    return reply.send(document);
  });
}
