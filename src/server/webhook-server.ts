import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { InputError } from '../errors/index.js';
import {
  detectWebhookProvider,
  isIgnoredEvent,
  parseGenericEvent,
  parsePushEvent,
  parseRepoWebhook,
  verifyGenericSignature,
  verifyWebhookSignature,
  type PipelineWebhookProvider,
  type PushEvent,
  type RepoEvent,
  type SignatureCheck,
  type WebhookHeaders,
} from '../git/webhook/index.js';
import { appsForPush, type AppSource } from './webhook-decision.js';

export type WebhookTarget = {
  /** Every Application the controller knows, with its source. */
  readonly apps: () => readonly AppSource[];
  /** Forgets the repo's last fetch time and reconciles the given apps with a fresh look at Git. */
  readonly refresh: (repoUrls: readonly string[], appKeys: readonly string[]) => void;
};

/** Starts the pipelines an event triggers (a PipelineTrigger); ids of the runs, or why none. */
export type PipelineTriggerTarget = {
  readonly trigger: (
    event: RepoEvent,
  ) => Promise<
    | { readonly started: true; readonly runs: readonly string[] }
    | { readonly started: false; readonly ignored: string }
  >;
};

export type WebhookServerOptions = {
  /** The shared secret; when empty, deliveries are accepted unsigned (as Argo CD does) and a warning is logged. */
  readonly secret: string;
  readonly log: Logger;
  /** When set, pushes and pull requests on /api/webhooks/* also start pipelines. */
  readonly pipelines?: PipelineTriggerTarget;
};

type Delivery = { readonly headers: WebhookHeaders; readonly body: Buffer };
type Answer = { readonly status: number; readonly body: Record<string, unknown> };

const pipelineProviders: readonly PipelineWebhookProvider[] = ['github', 'gitea', 'azure-devops'];

/**
 * POST /api/webhook: GitHub, GitLab, Gitea and Azure DevOps push events refresh the apps they
 * concern. POST /api/webhooks/{github,gitea,azure-devops,generic}: pushes refresh apps too, and
 * pushes and pull requests start the pipelines they trigger (202 with the run ids).
 */
export function buildWebhookServer(
  target: WebhookTarget,
  options: WebhookServerOptions,
): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
  // The signature covers the exact bytes, so every body stays raw (no JSON parsing first).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.get('/healthz', (_req, reply) => reply.send({ ok: true }));
  app.post('/api/webhook', (request, reply) =>
    send(reply, refreshOnly(target, options, delivery(request))),
  );
  for (const provider of pipelineProviders) {
    app.post(`/api/webhooks/${provider}`, async (request, reply) =>
      send(reply, await providerWebhook(provider, target, options, delivery(request))),
    );
  }
  app.post('/api/webhooks/generic', async (request, reply) =>
    send(reply, await genericWebhook(options, delivery(request))),
  );
  return app;
}

function delivery(request: FastifyRequest): Delivery {
  return {
    headers: request.headers,
    body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
  };
}

function send(reply: FastifyReply, answer: Answer): FastifyReply {
  return reply.code(answer.status).send(answer.body);
}

/** The original route: any provider's push refreshes the Applications it concerns. */
function refreshOnly(
  target: WebhookTarget,
  options: WebhookServerOptions,
  { headers, body }: Delivery,
): Answer {
  const provider = detectWebhookProvider(headers, body);
  if (provider === undefined) {
    return fail(
      400,
      'unknown webhook sender: no GitHub, GitLab, Gitea or Azure DevOps event header',
    );
  }
  const refused = signatureRefusal(options, () =>
    verifyWebhookSignature(provider, headers, body, options.secret),
  );
  if (refused !== undefined) return refused;
  let event;
  try {
    event = parsePushEvent(headers, body);
  } catch (error) {
    return inputFailure(error);
  }
  if (isIgnoredEvent(event)) return { status: 200, body: { ignored: event.reason } };
  return { status: 200, body: { refreshed: refreshApps(target, options, event) } };
}

async function providerWebhook(
  provider: PipelineWebhookProvider,
  target: WebhookTarget,
  options: WebhookServerOptions,
  { headers, body }: Delivery,
): Promise<Answer> {
  const refused = signatureRefusal(options, () =>
    verifyWebhookSignature(provider, headers, body, options.secret),
  );
  if (refused !== undefined) return refused;
  let parsed;
  try {
    parsed = parseRepoWebhook(provider, headers, body);
  } catch (error) {
    return inputFailure(error);
  }
  if ('ignored' in parsed) return { status: 200, body: { ignored: parsed.reason } };
  const refreshed = parsed.kind === 'push' ? refreshApps(target, options, parsed.push) : undefined;
  const answer = await startPipelines(options, parsed.repoEvent);
  return refreshed === undefined ? answer : { ...answer, body: { ...answer.body, refreshed } };
}

async function genericWebhook(
  options: WebhookServerOptions,
  { headers, body }: Delivery,
): Promise<Answer> {
  const refused = signatureRefusal(options, () =>
    verifyGenericSignature(headers, body, options.secret),
  );
  if (refused !== undefined) return refused;
  let event;
  try {
    event = parseGenericEvent(body);
  } catch (error) {
    return inputFailure(error);
  }
  return startPipelines(options, event);
}

function refreshApps(
  target: WebhookTarget,
  options: WebhookServerOptions,
  event: PushEvent,
): string[] {
  const keys = appsForPush(event, target.apps());
  options.log.info(
    { provider: event.provider, ref: event.ref, after: event.after, apps: keys },
    'push received',
  );
  target.refresh(event.repoUrls, keys);
  return keys;
}

async function startPipelines(options: WebhookServerOptions, event: RepoEvent): Promise<Answer> {
  if (options.pipelines === undefined) {
    return {
      status: 200,
      body: {
        ignored: 'pipeline triggers are off: start the controller with --pipeline-repos FILE',
      },
    };
  }
  try {
    const outcome = await options.pipelines.trigger(event);
    return outcome.started
      ? { status: 202, body: { runs: outcome.runs } }
      : { status: 200, body: { ignored: outcome.ignored } };
  } catch (error) {
    options.log.error({ err: error, repoUrls: event.repoUrls }, 'cannot trigger pipelines');
    const message = error instanceof Error ? error.message : String(error);
    return fail(500, `cannot trigger pipelines: ${message}`);
  }
}

/** 401 when a secret is set and the delivery does not prove it; nothing to say otherwise. */
function signatureRefusal(
  options: WebhookServerOptions,
  check: () => SignatureCheck,
): Answer | undefined {
  if (options.secret === '') return undefined;
  const result = check();
  return result.ok ? undefined : fail(401, `signature check failed: ${result.reason}`);
}

function inputFailure(error: unknown): Answer {
  if (error instanceof InputError) return fail(400, error.message);
  throw error;
}

function fail(status: number, error: string): Answer {
  return { status, body: { error } };
}
