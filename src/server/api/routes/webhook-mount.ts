import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiServerDeps } from '../api-deps.js';

// The webhook intake is its own fastify app (raw bodies for signature checks); it is mounted by
// forwarding its paths to it in-process with `inject`, bytes untouched.

const providerOf = (url: string): string => /\/api\/webhooks\/([^/?]+)/.exec(url)?.[1] ?? 'any';

export function mountWebhooks(app: FastifyInstance, deps: ApiServerDeps): void {
  const webhook = deps.webhook;
  if (webhook === undefined) return;
  void app.register((scope, _options, done) => {
    // Only inside this scope: every body stays a Buffer, exactly as signed.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, next) => next(null, body));
    const forward = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const answer = await webhook.inject({
        method: 'POST',
        url: request.url,
        headers: request.headers,
        payload: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      });
      deps.metrics.webhookDeliveries.inc({
        provider: providerOf(request.url),
        status: String(answer.statusCode),
      });
      const type = answer.headers['content-type'];
      if (typeof type === 'string') void reply.header('content-type', type);
      return reply.code(answer.statusCode).send(answer.rawPayload);
    };
    scope.post('/api/webhook', forward);
    scope.post('/api/webhooks/:provider', forward);
    done();
  });
}
