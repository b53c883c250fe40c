import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { buildWebhookServer, type PipelineTriggerTarget } from '../../server/index.js';
import { parseDuration as parseConfigDuration } from '../../config/duration.js';
import { InputError } from '../../errors/index.js';
import { RepoCache } from '../../git/index.js';
import { ApplicationController, createEngine } from '../../gitops/index.js';
import { cacheRoot } from '../../pipeline/run/index.js';
import { loadPipelineRepos, PipelineTrigger, PushPoller } from '../../pipeline/trigger/index.js';
import { defaultStorePath, SqliteRunStore } from '../../store/index.js';
import { KubeRest, ObjectClient } from '../../kube/index.js';
import { RolloutController } from '../../rollout/index.js';
import type { Command } from '../command.js';

/** A duration flag (`120s`, `2m`, `1h30m`, `500ms`, or seconds), with a hint naming the flag. Pure. */
export function parseDuration(raw: string, flag: string): number {
  try {
    return parseConfigDuration(raw, flag);
  } catch (error) {
    throw new InputError(`${flag}: "${raw}" is not a duration`, {
      hint: `write it like 120s, 2m or 500ms, e.g. ${flag} 30s`,
      cause: error,
    });
  }
}

export const controllerCommand: Command = {
  path: ['controller'],
  summary:
    'run the GitOps and Rollout controllers against the current kubeconfig until interrupted',
  usage:
    'slipway controller [--controllers gitops,rollouts] [--namespaces a,b] [--poll-interval 120s] [--self-heal-timeout 5s] [--log-level info] [--webhook-addr host:port] [--pipeline-repos FILE] [--poll-pipelines 30s]',
  options: {
    controllers: { type: 'string' },
    namespaces: { type: 'string' },
    'poll-interval': { type: 'string' },
    'self-heal-timeout': { type: 'string' },
    'log-level': { type: 'string' },
    'webhook-addr': { type: 'string' },
    concurrency: { type: 'string' },
    'pipeline-repos': { type: 'string' },
    'poll-pipelines': { type: 'string' },
  },
  async run(values) {
    const log = pino({
      level: typeof values['log-level'] === 'string' ? values['log-level'] : 'info',
    });
    const namespaces =
      typeof values['namespaces'] === 'string'
        ? values['namespaces'].split(',').filter(Boolean)
        : [];
    const poll = parseDuration(
      typeof values['poll-interval'] === 'string' ? values['poll-interval'] : '120s',
      '--poll-interval',
    );
    const selfHeal = parseDuration(
      typeof values['self-heal-timeout'] === 'string' ? values['self-heal-timeout'] : '5s',
      '--self-heal-timeout',
    );
    const concurrency = parseConcurrency(values['concurrency']);
    const enabled = parseControllers(values['controllers']);
    const pipelines = await startPipelineTriggers(values, log);
    const rollouts = enabled.has('rollouts')
      ? new RolloutController(new ObjectClient(KubeRest.fromConnection()), {
          namespaces,
          concurrency,
          log: log.child({ controller: 'rollouts' }),
        })
      : undefined;
    rollouts?.start();
    if (!enabled.has('gitops')) {
      await untilInterrupted();
      rollouts?.stop();
      await pipelines?.close();
      return 0;
    }
    const controller = new ApplicationController(await createEngine(), {
      namespaces,
      pollIntervalMs: poll,
      pollJitterMs: Math.min(60_000, poll / 2),
      selfHealBackoffMs: selfHeal,
      concurrency,
      log,
    });
    controller.start();
    const webhook =
      typeof values['webhook-addr'] === 'string'
        ? await startWebhook(values['webhook-addr'], controller, log, pipelines?.trigger)
        : undefined;
    await untilInterrupted();
    controller.stop();
    rollouts?.stop();
    await webhook?.close();
    await pipelines?.close();
    log.info('controller stopped');
    return 0;
  },
};

/** Serves POST /api/webhook; the shared secret comes from SLIPWAY_WEBHOOK_SECRET, never a flag. */
async function startWebhook(
  addr: string,
  controller: ApplicationController,
  log: Logger,
  pipelines: PipelineTriggerTarget | undefined,
): Promise<{ close: () => Promise<void> }> {
  const match = /^(.+):(\d+)$/.exec(addr);
  if (!match) {
    throw new InputError(`--webhook-addr: "${addr}" is not host:port`, {
      hint: 'e.g. --webhook-addr 127.0.0.1:8081',
    });
  }
  const secret = process.env['SLIPWAY_WEBHOOK_SECRET'] ?? '';
  if (secret === '')
    log.warn(
      'SLIPWAY_WEBHOOK_SECRET is not set: webhook deliveries are accepted without a signature check',
    );
  const server = buildWebhookServer(
    {
      apps: () => controller.appSources(),
      refresh: (_repos, keys) => controller.refreshFromPush(keys),
    },
    { secret, log, ...(pipelines === undefined ? {} : { pipelines }) },
  );
  await server.listen({ host: match[1], port: Number(match[2]) });
  return { close: () => server.close() };
}

type PipelineTriggers = {
  readonly trigger: PipelineTrigger;
  readonly close: () => Promise<void>;
};

/**
 * --pipeline-repos FILE: webhooks start the pipelines of the repositories it lists;
 * --poll-pipelines 30s: their branches are also polled and a moved branch counts as a push.
 */
async function startPipelineTriggers(
  values: Record<string, unknown>,
  log: Logger,
): Promise<PipelineTriggers | undefined> {
  const file = typeof values['pipeline-repos'] === 'string' ? values['pipeline-repos'] : undefined;
  const poll = typeof values['poll-pipelines'] === 'string' ? values['poll-pipelines'] : undefined;
  if (file === undefined) {
    if (poll === undefined) return undefined;
    throw new InputError('--poll-pipelines needs --pipeline-repos: which repositories to poll?', {
      hint: 'e.g. --pipeline-repos repos.yaml --poll-pipelines 30s',
    });
  }
  const intervalMs = poll === undefined ? undefined : parseDuration(poll, '--poll-pipelines');
  if (intervalMs !== undefined && intervalMs < 1000) {
    throw new InputError(`--poll-pipelines: "${poll}" is shorter than a second`, {
      hint: 'poll no more often than every second, e.g. --poll-pipelines 30s',
    });
  }
  const repos = await loadPipelineRepos(file);
  const store = new SqliteRunStore(defaultStorePath());
  const trigger = new PipelineTrigger({
    repos,
    cache: new RepoCache({ cacheDir: join(cacheRoot(), 'pipeline-git') }),
    store,
    log: log.child({ component: 'pipelines' }),
  });
  const poller =
    intervalMs === undefined
      ? undefined
      : new PushPoller({
          repos,
          intervalMs,
          onPush: (event) => trigger.trigger(event),
          log: log.child({ component: 'pipeline-poller' }),
        });
  poller?.start();
  log.info({ repos: repos.map((r) => r.url), pollMs: intervalMs }, 'pipeline triggers on');
  return {
    trigger,
    close: async () => {
      await poller?.stop();
      await trigger.close();
      store.close();
    },
  };
}

function untilInterrupted(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

const controllerNames = ['gitops', 'rollouts'] as const;

/** --controllers: which controllers run in this process (default all). */
export function parseControllers(raw: unknown): Set<string> {
  if (raw === undefined) return new Set(controllerNames);
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  const names = text.split(',').filter(Boolean);
  const unknown = names.filter((n) => !(controllerNames as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new InputError(`--controllers: "${text}" names no known controller`, {
      hint: `choose from ${controllerNames.join(', ')}, e.g. --controllers gitops,rollouts`,
    });
  }
  return new Set(names);
}

/** --concurrency: how many Applications reconcile at once (default 16). */
export function parseConcurrency(raw: unknown): number {
  if (raw === undefined) return 16;
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 256) {
    throw new InputError(`--concurrency: "${text}" is not a whole number from 1 to 256`, {
      hint: 'e.g. --concurrency 16',
    });
  }
  return Number(text);
}
