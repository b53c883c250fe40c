import type { CanaryStep, PodTemplate } from '../../../config/rollout.js';
import { InputError } from '../../../errors/index.js';
import { slipwayApiVersion, type KubeObject, type ObjectRef } from '../../../kube/index.js';
import type { RolloutStatus } from '../../../rollout/canary/rollout-status.js';
import { podTemplateHashLabel } from '../../../rollout/canary/pod-template-hash.js';
import { revisionAnnotation } from '../../../rollout/controller/rollout-objects.js';
import { appContext, type AppContext } from '../app/app-context.js';

export { namespaceOptions, table } from '../app/app-context.js';
export { podTemplateHashLabel, revisionAnnotation };

export type RolloutContext = AppContext;

/** The kube client and the namespace, from -n or the kubeconfig context (as kubectl does). */
export const rolloutContext = (values: Record<string, unknown>): Promise<RolloutContext> =>
  appContext(values);

/** What the CLI reads of a Rollout's spec; the server does not validate it, so all is optional. */
export type RolloutSpecView = {
  readonly replicas?: number;
  readonly paused?: boolean;
  readonly restartAt?: string;
  readonly template?: PodTemplate;
  readonly workloadRef?: { readonly kind?: string; readonly name?: string };
  readonly strategy?: { readonly canary?: { readonly steps?: readonly CanaryStep[] } };
};

export type RolloutView = KubeObject & { spec?: RolloutSpecView; status?: RolloutStatus };

export const stepsOf = (rollout: RolloutView): readonly CanaryStep[] =>
  rollout.spec?.strategy?.canary?.steps ?? [];

export function rolloutName(positionals: readonly string[], usage: string): string {
  const name = positionals[0];
  if (name === undefined || name === '') {
    throw new InputError('which rollout? the NAME argument is missing', {
      hint: `usage: ${usage}`,
    });
  }
  return name;
}

export const rolloutRef = (ctx: RolloutContext, name: string): ObjectRef => ({
  apiVersion: slipwayApiVersion,
  kind: 'Rollout',
  namespace: ctx.namespace,
  name,
});

export async function getRollout(ctx: RolloutContext, name: string): Promise<RolloutView> {
  const rollout = await ctx.client.get(rolloutRef(ctx, name));
  if (rollout === undefined) {
    throw new InputError(`rollout "${name}" not found in namespace "${ctx.namespace}"`, {
      hint: 'list them with `slipway rollout list -A`, or pass -n NAMESPACE',
    });
  }
  return rollout;
}

/** True when the Rollout is this object's controlling owner. Pure. */
export function ownedBy(object: KubeObject, rollout: KubeObject): boolean {
  const owners = (object.metadata['ownerReferences'] ?? []) as readonly {
    kind?: string;
    name?: string;
    uid?: string;
    controller?: boolean;
  }[];
  return owners.some(
    (o) =>
      o.controller === true &&
      o.kind === 'Rollout' &&
      (rollout.metadata.uid === undefined
        ? o.name === rollout.metadata.name
        : o.uid === rollout.metadata.uid),
  );
}

/** The Rollout's ReplicaSets, newest revision first. */
export async function rolloutReplicaSets(
  ctx: RolloutContext,
  rollout: RolloutView,
): Promise<KubeObject[]> {
  const list = await ctx.client.list('apps/v1', 'ReplicaSet', { namespace: ctx.namespace });
  return list.items
    .filter((rs) => ownedBy(rs, rollout))
    .sort((a, b) => revisionOf(b) - revisionOf(a));
}

export async function rolloutAnalysisRuns(
  ctx: RolloutContext,
  rollout: RolloutView,
): Promise<KubeObject[]> {
  const list = await ctx.client.list(slipwayApiVersion, 'AnalysisRun', {
    namespace: ctx.namespace,
  });
  return list.items.filter((run) => ownedBy(run, rollout));
}

/** The pods of the given pod-template hashes, in one request. */
export async function podsOfHashes(
  ctx: RolloutContext,
  hashes: readonly string[],
): Promise<KubeObject[]> {
  if (hashes.length === 0) return [];
  const list = await ctx.client.list('v1', 'Pod', {
    namespace: ctx.namespace,
    labelSelector: `${podTemplateHashLabel} in (${hashes.join(',')})`,
  });
  return list.items;
}

export const revisionOf = (rs: KubeObject): number =>
  Number(rs.metadata.annotations?.[revisionAnnotation] ?? 0) || 0;

export const hashOf = (object: KubeObject): string =>
  object.metadata.labels?.[podTemplateHashLabel] ?? '';

export type JsonPatchOp =
  | { readonly op: 'replace' | 'add' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

/** A JSON Patch (RFC 6902) on the Rollout: exact replacement, no merge of stale keys. */
export async function jsonPatchRollout(
  ctx: RolloutContext,
  name: string,
  ops: readonly JsonPatchOp[],
): Promise<KubeObject> {
  const ref = rolloutRef(ctx, name);
  const path = await ctx.client.discovery.path(ref.apiVersion, ref.kind, ref.namespace, ref.name);
  return ctx.client.rest.send<KubeObject>({
    method: 'PATCH',
    path,
    contentType: 'application/json-patch+json',
    body: ops,
  });
}

/** Applications reconcile from Git: a manual spec change on a tracked Rollout is not lasting. */
export function gitOpsNote(rollout: RolloutView, what: string): string | undefined {
  const id = rollout.metadata.annotations?.['slipway.dev/tracking-id'];
  if (id === undefined) return undefined;
  return (
    `note: Application ${id} manages this Rollout; its next sync (or self-heal) puts ${what} ` +
    'back to what Git says — commit the change to Git to keep it'
  );
}

/** Merge patches for the spec and the status subresource, and what they do in words. */
export type RolloutPatches = {
  readonly spec?: Record<string, unknown>;
  readonly status?: Record<string, unknown>;
  readonly done: readonly string[];
};

export async function applyPatches(
  ctx: RolloutContext,
  name: string,
  patches: RolloutPatches,
): Promise<void> {
  const ref = rolloutRef(ctx, name);
  if (patches.spec) await ctx.client.mergePatch(ref, { spec: patches.spec });
  if (patches.status) await ctx.client.mergePatch(ref, { status: patches.status }, 'status');
}

/** The current revision is the stable one: no canary step is left to promote. Pure. */
export function fullyPromoted(rollout: RolloutView): boolean {
  const s = rollout.status;
  return s?.stableRS !== undefined && s.stableRS === s.currentPodHash;
}
