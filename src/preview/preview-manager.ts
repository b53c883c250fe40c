import type { Logger } from 'pino';
import type { RepoEvent } from '../git/webhook/index.js';
import { slipwayNamespace } from '../gitops/index.js';
import type { ObjectClient } from '../kube/index.js';
import type { TriggerEvent } from '../pipeline/plan/index.js';
import type { RunRecord } from '../store/index.js';
import { KeyLock } from '../waiting/index.js';
import { PreviewCluster } from './preview-cluster.js';
import { previewImageTags } from './preview-names.js';
import type { PreviewNotice } from './preview-notice.js';
import { expiredPreviews } from './preview-policy.js';
import {
  defaultPreviewLimit,
  defaultPreviewTtlMs,
  type PreviewOutcome,
  type PreviewRecord,
} from './preview-record.js';
import { PreviewSteps, type PushInput } from './preview-steps.js';
import type { PreviewFilter, PreviewStore } from './preview-store.js';
import { sameRepo, targetFor, targetsOfRepo, type PreviewTarget } from './preview-target.js';
import { pushedImage, type PushedImage } from './pushed-image.js';
import { skopeoRegistryTags, type RegistryTags } from './registry-tags.js';

export type PreviewManagerOptions = {
  readonly client: ObjectClient;
  readonly store: PreviewStore;
  /** The apps that get previews; a manager with none only deletes (as the CLI's does). */
  readonly targets: readonly PreviewTarget[];
  /** Where preview Applications live; the GitOps controller must watch it. slipway-system when absent. */
  readonly applicationNamespace?: string;
  /** A preview is deleted this long after its last update; 72 h when absent. */
  readonly ttlMs?: number;
  /** Previews deployed at once; 10 when absent. */
  readonly limit?: number;
  /** The host in preview URLs (`http://<host>:<nodePort>/`); 127.0.0.1 when absent. */
  readonly nodeHost?: string;
  /** How long to wait for Synced and Healthy before calling a preview Degraded; 5 min when absent. */
  readonly readyTimeoutMs?: number;
  /** How long to wait for the Application and the namespace to go; 2 min when absent. */
  readonly deleteTimeoutMs?: number;
  readonly registry?: RegistryTags;
  /** A pull request's image tags; `canary-pr-<N>` (pr-open.yaml) when absent. */
  readonly imageTags?: (pr: number) => readonly string[];
  /** Tells people (Slack) a preview's URL, or why there is none. Failures are logged, not thrown. */
  readonly notify?: (notice: PreviewNotice) => Promise<void>;
  readonly now?: () => Date;
  readonly log?: Logger;
  readonly pollMs?: number;
};

/** A finished pipeline run for a pull request. */
export type PipelineResult = {
  readonly event: TriggerEvent;
  readonly run: RunRecord;
  /** The image it pushed; read from its `slipway/image-push` step when absent. */
  readonly image?: PushedImage;
};

type Pending = { readonly at: number; readonly controller: AbortController };

/** Why a finished run makes no preview, if it does not. Pure. */
export function unpreviewableReason(
  event: TriggerEvent,
  run: RunRecord,
  image: PushedImage | undefined,
): string | undefined {
  if (event.kind !== 'pull_request' || event.pr === undefined) return 'not a pull request';
  if (event.action === 'closed') return 'the pull request is closed';
  if (run.status !== 'succeeded') return `run ${run.id} ${run.status}: no preview`;
  if (image === undefined) return `run ${run.id} pushed no image (no slipway/image-push step)`;
  return undefined;
}

/**
 * Previews per pull request: made or updated when a pull request's run pushes an image,
 * deleted when it closes, expires or is deleted by hand. One operation at a time per preview;
 * a newer event interrupts an older one's wait, and a close always wins.
 */
export class PreviewManager {
  private readonly lock = new KeyLock();
  private readonly pending = new Map<string, Set<Pending>>();
  private readonly steps: PreviewSteps;

  constructor(private readonly options: PreviewManagerOptions) {
    const now = options.now ?? ((): Date => new Date());
    this.steps = new PreviewSteps({
      cluster: new PreviewCluster(options.client, {
        nodeHost: options.nodeHost ?? '127.0.0.1',
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      }),
      store: options.store,
      targets: options.targets,
      applicationNamespace: options.applicationNamespace ?? slipwayNamespace,
      ttlMs: options.ttlMs ?? defaultPreviewTtlMs,
      limit: options.limit ?? defaultPreviewLimit,
      readyTimeoutMs: options.readyTimeoutMs ?? 300_000,
      deleteTimeoutMs: options.deleteTimeoutMs ?? 120_000,
      registry: options.registry ?? skopeoRegistryTags,
      imageTags: options.imageTags ?? previewImageTags,
      now,
      notify: (notice) => this.notify(notice),
    });
  }

  /** For PipelineTrigger's onRunFinished: a succeeded pull request run that pushed an image. */
  async onPipelineResult(result: PipelineResult): Promise<PreviewOutcome> {
    const { event, run } = result;
    const image = result.image ?? pushedImage(run);
    const pr = event.pr?.number;
    const skip = unpreviewableReason(event, run, image);
    if (skip !== undefined || image === undefined || pr === undefined) {
      return { app: undefined, pr, action: 'ignore', reason: skip ?? 'no image' };
    }
    const target = targetFor(this.options.targets, run.repo, image);
    if (target === undefined) {
      const reason = `${run.repo} has no preview target for ${image.repository}`;
      return { app: undefined, pr, action: 'ignore', reason };
    }
    const push: PushInput = {
      sha: event.sha,
      image,
      branch: event.branch,
      repo: run.repo,
      at: run.createdAt,
    };
    const outcome = await this.exclusive(target.app, pr, Date.parse(run.createdAt), (signal) =>
      this.steps.push(target, pr, push, signal),
    );
    this.options.log?.info({ ...outcome, preview: undefined }, 'preview');
    return outcome;
  }

  /** A pull request closed or merged: each of its previews goes (and later results are discarded). */
  async onPullRequestClosed(
    repoEvent: Pick<RepoEvent, 'repoUrls' | 'event'>,
  ): Promise<PreviewOutcome[]> {
    const { event, repoUrls } = repoEvent;
    const pr = event.pr?.number;
    if (event.kind !== 'pull_request' || pr === undefined) return [];
    const apps = new Set(
      repoUrls.flatMap((url) => targetsOfRepo(this.options.targets, url).map((t) => t.app)),
    );
    for (const record of this.options.store.list({ pr })) {
      if (repoUrls.some((url) => sameRepo(url, record.repo))) apps.add(record.app);
    }
    const why = `pull request #${pr} ${event.pr?.merged === true ? 'merged' : 'closed'}`;
    const repo = repoUrls[0] ?? '';
    return Promise.all([...apps].map((app) => this.deletePreview(app, pr, why, repo)));
  }

  /** Deletes one preview (Application, namespace, image tags) and remembers it was closed. */
  async deletePreview(app: string, pr: number, why: string, repo = ''): Promise<PreviewOutcome> {
    const at = this.steps.now();
    const outcome = await this.exclusive(app, pr, at.getTime(), () =>
      this.steps.close(app, pr, { why, at: at.toISOString(), repo }),
    );
    this.options.log?.info({ ...outcome, preview: undefined }, 'preview');
    return outcome;
  }

  /** Deletes every preview whose TTL has passed. */
  async sweep(): Promise<PreviewOutcome[]> {
    const now = this.steps.now();
    const outcomes: PreviewOutcome[] = [];
    for (const record of expiredPreviews(this.options.store.list(), now)) {
      const why = `expired: no update for ${formatHours(this.options.ttlMs ?? defaultPreviewTtlMs)} (TTL)`;
      outcomes.push(await this.deletePreview(record.app, record.pr, why, record.repo));
    }
    return outcomes;
  }

  list(filter?: PreviewFilter): PreviewRecord[] {
    return this.options.store.list(filter);
  }

  /** Resolves once no preview operation is running or queued. */
  idle(): Promise<void> {
    return this.lock.idle();
  }

  /**
   * Runs `work` alone for the preview; an event received later (`at`) aborts the waits of the
   * earlier ones still running or queued, whose results it replaces anyway.
   */
  private exclusive(
    app: string,
    pr: number,
    at: number,
    work: (signal: AbortSignal) => Promise<PreviewOutcome>,
  ): Promise<PreviewOutcome> {
    const key = `${app}\n${pr}`;
    const ops = this.pending.get(key) ?? new Set<Pending>();
    this.pending.set(key, ops);
    for (const op of ops) if (op.at < at) op.controller.abort();
    const mine: Pending = { at, controller: new AbortController() };
    ops.add(mine);
    return this.lock
      .run(key, () => work(mine.controller.signal))
      .finally(() => {
        ops.delete(mine);
        if (ops.size === 0 && this.pending.get(key) === ops) this.pending.delete(key);
      });
  }

  private async notify(notice: PreviewNotice): Promise<void> {
    try {
      await this.options.notify?.(notice);
    } catch (error) {
      this.options.log?.warn({ err: error, text: notice.text }, 'preview notification failed');
    }
  }
}

const formatHours = (ms: number): string => `${Math.round((ms / 3600_000) * 10) / 10} h`;
