import { SlipwayError } from '../errors/index.js';
import { previewNamespace } from './preview-names.js';
import { previewNotice, type PreviewNotice } from './preview-notice.js';
import type { PreviewCluster } from './preview-cluster.js';
import { applicationRefOf, previewApplication, type PreviewIdentity } from './preview-objects.js';
import { planPreview, type PreviewDecision } from './preview-plan.js';
import { admitPreview, expiryFrom } from './preview-policy.js';
import {
  previewAnnotations,
  resourcesFinalizer,
  type PreviewOutcome,
  type PreviewRecord,
} from './preview-record.js';
import type { PreviewStore } from './preview-store.js';
import { imageOverride, type PreviewTarget } from './preview-target.js';
import { imageByDigest, type PushedImage } from './pushed-image.js';
import type { RegistryTags } from './registry-tags.js';

// The steps of one preview operation, run by PreviewManager with the preview locked: read the
// state, decide (planPreview), act on the cluster and the registry, record the outcome.

export type PushInput = {
  readonly sha: string;
  readonly image: PushedImage;
  readonly branch: string | undefined;
  readonly repo: string;
  /** When its run was created: the event's place in the race. */
  readonly at: string;
};

export type PreviewStepsDeps = {
  readonly cluster: PreviewCluster;
  readonly store: PreviewStore;
  readonly targets: readonly PreviewTarget[];
  readonly applicationNamespace: string;
  readonly ttlMs: number;
  readonly limit: number;
  readonly readyTimeoutMs: number;
  readonly deleteTimeoutMs: number;
  readonly registry: RegistryTags;
  readonly imageTags: (pr: number) => readonly string[];
  readonly now: () => Date;
  readonly notify: (notice: PreviewNotice) => Promise<void>;
};

const describeError = (error: unknown): string =>
  error instanceof SlipwayError
    ? error.describe().replace('\n  → ', '; ')
    : error instanceof Error
      ? error.message
      : String(error);

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;
const later = (a: string | undefined, b: string): string =>
  a !== undefined && Date.parse(a) > Date.parse(b) ? a : b;

export class PreviewSteps {
  constructor(private readonly deps: PreviewStepsDeps) {}

  now(): Date {
    return this.deps.now();
  }

  /** A pull request's run pushed an image: create, update, or discard it. */
  async push(
    target: PreviewTarget,
    pr: number,
    push: PushInput,
    signal: AbortSignal,
  ): Promise<PreviewOutcome> {
    const id = { pr, app: target.app };
    if (signal.aborted) {
      return { ...id, action: 'ignore', reason: 'a newer event for this preview arrived first' };
    }
    const state = this.deps.store.get(target.app, pr);
    const event = { kind: 'pushed' as const, sha: push.sha, image: push.image.ref, at: push.at };
    const decision = planPreview(event, state);
    if (decision.action === 'ignore')
      return { ...id, ...decision, ...(state ? { preview: state } : {}) };
    if (decision.action === 'delete') {
      return this.remove(id, { reason: decision.reason, at: push.at, repo: push.repo }, push.image);
    }
    const create = decision.action === 'create';
    if (create) {
      const admission = admitPreview(this.deps.store.list(), id, this.deps.limit);
      if (!admission.admitted) {
        const record = this.deployingRecord(target, pr, push, decision, state);
        const message = `${admission.reason}; ${admission.hint}`;
        return this.settle({ ...record, status: 'Failed', message }, decision);
      }
    }
    const record = this.deployingRecord(target, pr, push, decision, state);
    this.deps.store.put(record);
    const refused = await this.deploy(record, target, push, create);
    if (refused !== undefined) {
      return this.settle({ ...record, status: 'Failed', message: refused }, decision);
    }
    return this.awaitReady(record, target, push, decision, signal);
  }

  /** The pull request closed (or the preview expired or was deleted): remove everything. */
  async close(
    app: string,
    pr: number,
    close: { readonly why: string; readonly at: string; readonly repo: string },
  ): Promise<PreviewOutcome> {
    const state = this.deps.store.get(app, pr);
    const decision = planPreview({ kind: 'closed', at: close.at, why: close.why }, state);
    return this.remove({ pr, app }, { reason: decision.reason, at: close.at, repo: close.repo });
  }

  private deployingRecord(
    target: PreviewTarget,
    pr: number,
    push: PushInput,
    decision: PreviewDecision,
    state: PreviewRecord | undefined,
  ): PreviewRecord {
    const now = this.deps.now();
    const update = decision.action === 'update' && state !== undefined;
    return {
      pr,
      app: target.app,
      namespace: previewNamespace(pr, target.app),
      applicationNamespace: update ? state.applicationNamespace : this.deps.applicationNamespace,
      repo: push.repo,
      branch: push.branch,
      sha: push.sha,
      image: push.image.ref,
      url: update ? state.url : undefined,
      status: 'Creating',
      message: decision.reason,
      eventAt: push.at,
      closedAt: state?.closedAt,
      createdAt: update ? state.createdAt : now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: expiryFrom(now, this.deps.ttlMs),
    };
  }

  /**
   * Claims the namespace (a new preview only) and applies the Application. Returns why the
   * cluster refused, having removed a namespace it made for nothing; undefined when applied.
   */
  private async deploy(
    record: PreviewRecord,
    target: PreviewTarget,
    push: PushInput,
    create: boolean,
  ): Promise<string | undefined> {
    const { cluster } = this.deps;
    const id = { pr: record.pr, app: record.app };
    let created = false;
    try {
      if (create) {
        const claim = await cluster.claimNamespace(record.namespace, id, this.deps.deleteTimeoutMs);
        created = claim === 'created';
      }
      await cluster.applyApplication(previewApplication({ ...record, target, image: push.image }));
      return undefined;
    } catch (error) {
      if (created) {
        await cluster.deleteNamespace(record.namespace, id, 0).catch(() => undefined);
      }
      return describeError(error);
    }
  }

  private async awaitReady(
    record: PreviewRecord,
    target: PreviewTarget,
    push: PushInput,
    decision: PreviewDecision,
    signal: AbortSignal,
  ): Promise<PreviewOutcome> {
    const { cluster } = this.deps;
    const ref = applicationRefOf(record);
    const images = [imageOverride(target, push.image)];
    let progress;
    try {
      progress = await cluster.waitReady(ref, images, this.deps.readyTimeoutMs, signal);
    } catch (error) {
      const message = `deployed, but its Application could not be read: ${describeError(error)}`;
      return this.settle({ ...record, status: 'Degraded', message }, decision);
    }
    if (signal.aborted) return this.superseded(record, decision);
    if (!progress.ready) {
      const message = `not Synced and Healthy after ${seconds(this.deps.readyTimeoutMs)}: ${progress.why}`;
      return this.settle({ ...record, status: 'Degraded', message }, decision);
    }
    let url: string;
    try {
      url = await cluster.exposeUrl(record.namespace, record);
    } catch (error) {
      return this.settle(
        { ...record, status: 'Degraded', message: describeError(error) },
        decision,
      );
    }
    const answered = await cluster.answers(url, 30_000, signal);
    if (signal.aborted) return this.superseded(record, decision);
    // Only for people reading the Application; the state file has the URL either way.
    await cluster
      .annotateApplication(ref, { [previewAnnotations.url]: url })
      .catch(() => undefined);
    const message = answered ? undefined : `${url} did not answer within 30 s`;
    return this.settle({ ...record, url, status: 'Ready', message }, decision);
  }

  private superseded(record: PreviewRecord, decision: PreviewDecision): PreviewOutcome {
    const reason = `${decision.reason}; a newer event took over before it was ready`;
    return { pr: record.pr, app: record.app, action: decision.action, reason, preview: record };
  }

  /**
   * Deletes the Application (its finalizer deletes what it deployed), the namespace if it is
   * the preview's, and the image tags; records the close so late results are discarded.
   */
  private async remove(
    id: PreviewIdentity,
    close: { readonly reason: string; readonly at: string; readonly repo: string },
    lateImage?: PushedImage,
  ): Promise<PreviewOutcome> {
    const state = this.deps.store.get(id.app, id.pr);
    const base = state ?? this.tombstone(id, close.at, close.repo);
    const closedAt = later(base.closedAt, close.at);
    const deleting: PreviewRecord = {
      ...base,
      status: 'Deleting',
      message: close.reason,
      closedAt,
      updatedAt: this.deps.now().toISOString(),
    };
    this.deps.store.put(deleting);
    const problems = await this.removeAll(deleting, lateImage);
    const done: PreviewRecord = {
      ...deleting,
      status: problems.length === 0 ? 'Deleted' : 'Deleting',
      message: problems.length === 0 ? close.reason : problems.join('; '),
      updatedAt: this.deps.now().toISOString(),
    };
    this.deps.store.put(done);
    const wasDeployed =
      state !== undefined && state.status !== 'Deleted' && state.status !== 'Failed';
    if (wasDeployed || problems.length > 0) await this.deps.notify(previewNotice(done));
    return { ...id, action: 'delete', reason: done.message ?? close.reason, preview: done };
  }

  private tombstone(id: PreviewIdentity, at: string, repo: string): PreviewRecord {
    const now = this.deps.now().toISOString();
    return {
      ...id,
      namespace: previewNamespace(id.pr, id.app),
      applicationNamespace: this.deps.applicationNamespace,
      repo,
      branch: undefined,
      sha: '',
      image: '',
      url: undefined,
      status: 'Deleted',
      message: undefined,
      eventAt: at,
      closedAt: at,
      createdAt: now,
      updatedAt: now,
      expiresAt: now,
    };
  }

  private async removeAll(record: PreviewRecord, lateImage?: PushedImage): Promise<string[]> {
    const { cluster, deleteTimeoutMs } = this.deps;
    const problems: string[] = [];
    const ref = applicationRefOf(record);
    const failed = (what: string) => (error: unknown) => {
      problems.push(`${what}: ${describeError(error)}`);
      return undefined;
    };
    const app = await cluster
      .deleteApplication(ref, resourcesFinalizer, deleteTimeoutMs)
      .catch(failed(`Application ${ref.namespace}/${ref.name}`));
    if (app === 'stuck') {
      problems.push(
        `Application ${ref.namespace}/${ref.name} is still being deleted after ${seconds(deleteTimeoutMs)}: ` +
          `is the GitOps controller running and watching namespace "${ref.namespace}"?`,
      );
    }
    const namespace = await cluster
      .deleteNamespace(record.namespace, record, deleteTimeoutMs)
      .catch(failed(`namespace ${record.namespace}`));
    if (namespace === 'stuck') {
      problems.push(
        `namespace "${record.namespace}" is still terminating after ${seconds(deleteTimeoutMs)}`,
      );
    }
    problems.push(...(await this.removeTags(record, lateImage)));
    return problems;
  }

  private async removeTags(record: PreviewRecord, lateImage?: PushedImage): Promise<string[]> {
    const target = this.deps.targets.find((t) => t.app === record.app);
    const repository =
      lateImage?.repository ?? imageByDigest(record.image)?.repository ?? target?.image;
    if (repository === undefined) return [];
    const problems: string[] = [];
    for (const tag of this.deps.imageTags(record.pr)) {
      try {
        await this.deps.registry.deleteTag(repository, tag);
      } catch (error) {
        problems.push(`image tag ${repository}:${tag}: ${describeError(error)}`);
      }
    }
    return problems;
  }

  private async settle(record: PreviewRecord, decision: PreviewDecision): Promise<PreviewOutcome> {
    const settled = { ...record, updatedAt: this.deps.now().toISOString() };
    this.deps.store.put(settled);
    await this.deps.notify(previewNotice(settled));
    return {
      pr: record.pr,
      app: record.app,
      action: decision.action,
      reason: settled.message ?? decision.reason,
      preview: settled,
    };
  }
}
