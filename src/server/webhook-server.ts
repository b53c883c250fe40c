import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { InputError } from '../errors/index.js';
import {
  detectWebhookProvider,
  isIgnoredEvent,
  parsePushEvent,
  verifyWebhookSignature,
  type WebhookHeaders,
} from '../git/webhook/index.js';
import { appsForPush, type AppSource } from './webhook-decision.js';

export type WebhookTarget = {
  /** Every Application the controller knows, with its source. */
  readonly apps: () => readonly AppSource[];
  /** Forgets the repo's last fetch time and reconciles the given apps with a fresh look at Git. */
  readonly refresh: (repoUrls: readonly string[], appKeys: readonly string[]) => void;
};

export type WebhookServerOptions = {
  /** The shared secret; when empty, deliveries are accepted unsigned (as Argo CD does) and a warning is logged. */
  readonly secret: string;
  readonly log: Logger;
};

/** POST /api/webhook: GitHub, GitLab, Gitea and Azure DevOps push events trigger a refresh of the apps they concern. */
export function buildWebhookServer(
  target: WebhookTarget,
  options: WebhookServerOptions,
): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
  // The signature covers the exact bytes, so every body stays raw (no JSON parsing first).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.get('/healthz', (_req, reply) => reply.send({ ok: true }));
  app.post('/api/webhook', async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const headers = request.headers as WebhookHeaders;
    const provider = detectWebhookProvider(headers, body);
    if (provider === undefined) {
      return reply.code(400).send({
        error: 'unknown webhook sender: no GitHub, GitLab, Gitea or Azure DevOps event header',
      });
    }
    if (options.secret !== '') {
      const check = verifyWebhookSignature(provider, headers, body, options.secret);
      if (!check.ok)
        return reply.code(401).send({ error: `signature check failed: ${check.reason}` });
    }
    let event;
    try {
      event = parsePushEvent(headers, body);
    } catch (error) {
      if (error instanceof InputError) return reply.code(400).send({ error: error.message });
      throw error;
    }
    if (isIgnoredEvent(event)) return reply.code(200).send({ ignored: event.reason });
    const keys = appsForPush(event, target.apps());
    options.log.info({ provider, ref: event.ref, after: event.after, apps: keys }, 'push received');
    target.refresh(event.repoUrls, keys);
    return reply.code(200).send({ refreshed: keys });
  });
  return app;
}
