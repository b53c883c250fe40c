import type { Logger } from 'pino';
import type { SqliteDatabase } from '../store/sqlite-driver.js';
import type { ObjectClient } from '../kube/index.js';
import { EnvFileSecretSource } from '../pipeline/run/index.js';
import { repoForEvent, type PipelineRepo } from '../pipeline/trigger/index.js';
import {
  PreviewManager,
  SqlitePreviewStore,
  type PreviewNotice,
  type PreviewTarget,
} from '../preview/index.js';
import type { RepoEvent } from '../git/webhook/index.js';
import type { RunRecord } from '../store/index.js';

// Preview environments in `slipway up`: the targets come from the `preview:` of each
// --pipeline-repos entry, finished runs and closed pull requests come from the trigger, and
// expired previews go on a timer.

export type PreviewWiringOptions = {
  readonly client: ObjectClient;
  readonly db: SqliteDatabase;
  readonly repos: readonly PipelineRepo[];
  readonly log: Logger;
  readonly ttlMs?: number | undefined;
  readonly limit?: number | undefined;
  readonly sweepMs?: number;
  /** How notices are posted; fetch when absent. */
  readonly post?: (url: string, body: { text: string }) => Promise<void>;
};

export type PreviewWiring = {
  readonly manager: PreviewManager;
  /** The project a preview of `app` is checked against: its target's, else `default`. */
  readonly projectOf: (app: string) => string;
  readonly onRunFinished: (run: RunRecord) => void;
  readonly onEvent: (repoEvent: RepoEvent) => void;
  /** Stops the sweep and waits for the preview operations under way. */
  readonly close: () => Promise<void>;
};

const defaultSweepMs = 10 * 60_000;

/** One target per repository with a `preview:`. Pure. */
export function previewTargets(repos: readonly PipelineRepo[]): PreviewTarget[] {
  return repos.flatMap((repo) =>
    repo.preview === undefined
      ? []
      : [
          {
            app: repo.preview.app,
            repo: repo.url,
            config: repo.preview.config,
            ...(repo.preview.image === undefined ? {} : { image: repo.preview.image }),
            ...(repo.preview.project === undefined ? {} : { project: repo.preview.project }),
          },
        ],
  );
}

async function postJson(url: string, body: { text: string }): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`the Slack webhook answered ${response.status}`);
}

/**
 * Posts a notice to SLACK_WEBHOOK_URL from the secrets file of the preview's repository; logs it
 * when the repository has none. Failures throw: the manager logs them.
 */
export function slackNotifier(
  repos: readonly PipelineRepo[],
  log: Logger,
  post: (url: string, body: { text: string }) => Promise<void> = postJson,
): (notice: PreviewNotice) => Promise<void> {
  return async (notice) => {
    const repo = repoForEvent([notice.preview.repo], repos);
    const secrets =
      repo?.secretsFile === undefined
        ? {}
        : await new EnvFileSecretSource(repo.secretsFile, undefined).load();
    const url = secrets['SLACK_WEBHOOK_URL'];
    if (url === undefined || url === '') {
      log.info({ app: notice.preview.app, pr: notice.preview.pr, text: notice.text }, 'preview');
      return;
    }
    await post(url, { text: notice.text });
  };
}

export function startPreviews(options: PreviewWiringOptions): PreviewWiring {
  const { log } = options;
  const targets = previewTargets(options.repos);
  const manager = new PreviewManager({
    client: options.client,
    store: SqlitePreviewStore.on(options.db),
    targets,
    log,
    notify: slackNotifier(options.repos, log, options.post),
    ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  });
  const failed =
    (what: string) =>
    (error: unknown): void =>
      log.error({ err: error }, `preview ${what} failed`);
  const sweep = setInterval(
    () => void manager.sweep().catch(failed('sweep')),
    options.sweepMs ?? defaultSweepMs,
  );
  sweep.unref();
  return {
    manager,
    projectOf: (app) => targets.find((t) => t.app === app)?.project ?? 'default',
    onRunFinished: (run) =>
      void manager.onPipelineResult({ event: run.event, run }).catch(failed('update')),
    onEvent: (repoEvent) => {
      const { event } = repoEvent;
      if (event.kind !== 'pull_request' || event.action !== 'closed') return;
      void manager.onPullRequestClosed(repoEvent).catch(failed('deletion'));
    },
    close: async () => {
      clearInterval(sweep);
      await manager.idle();
    },
  };
}
