import {
  abortAction,
  applyPatches,
  chooseUndoTarget,
  hashOf,
  jsonPatchRollout,
  podsOfHashes,
  promoteAction,
  readRollout,
  refuseWorkloadRef,
  restoredTemplate,
  retryAction,
  rolloutAnalysisRuns,
  rolloutReplicaSets,
  stepsOf,
  undoPatch,
  type RolloutScope,
  type RolloutView,
} from '../../../rollout/index.js';
import type { ApiServerDeps } from '../api-deps.js';
import { notFound } from '../api-error.js';
import type { ApiRoutes } from '../api-route.js';
import { listQuerySchema, paginate, type SortKeys } from '../list-query.js';
import { objectProject } from '../projects.js';
import {
  accepted,
  kubeObject,
  objectParams,
  pageOf,
  promoteBody,
  rolloutSummary,
  rolloutsQuery,
  undoBody,
} from '../schemas.js';

// The Rollout actions are the same pure decisions (promoteAction, abortAction, …) and patches
// `slipway rollout` uses (src/rollout/actions), so the CLI and the UI's button do the same thing.

export type RolloutSummary = {
  namespace: string;
  name: string;
  project: string;
  phase: string;
  message: string | null;
  replicas: number;
  readyReplicas: number;
  step: number | null;
  steps: number;
  canaryWeight: number | null;
  aborted: boolean;
};

export function summarizeRollout(rollout: RolloutView, project: string): RolloutSummary {
  const status = rollout.status;
  return {
    namespace: rollout.metadata.namespace ?? 'default',
    name: rollout.metadata.name,
    project,
    phase: status?.phase ?? 'Unknown',
    message: status?.message ?? null,
    replicas: rollout.spec?.replicas ?? 1,
    readyReplicas: status?.readyReplicas ?? 0,
    step: status?.currentStepIndex ?? null,
    steps: stepsOf(rollout).length,
    canaryWeight: status?.canary?.weights?.canary.weight ?? null,
    aborted: status?.abort === true,
  };
}

const sortKeys: SortKeys<RolloutSummary> = {
  name: (r) => `${r.namespace}/${r.name}`,
  phase: (r) => r.phase,
  project: (r) => r.project,
};

type Action = 'promote' | 'abort' | 'retry' | 'undo' | 'restart';

export function addRolloutRoutes(routes: ApiRoutes, deps: ApiServerDeps): void {
  const find = (namespace: string, name: string): RolloutView => {
    const rollout = deps.rollouts.get(namespace, name);
    if (rollout === undefined)
      throw notFound(
        `rollout "${name}" in namespace "${namespace}"`,
        'list them with GET /api/rollouts',
      );
    return rollout;
  };
  const project = (rollout: RolloutView): string => objectProject(rollout, deps.applications);
  const ctxOf = (namespace: string): RolloutScope => ({ client: deps.kube, namespace });
  const fetchLive = async (ctx: RolloutScope, name: string): Promise<RolloutView> => {
    const rollout = await readRollout(ctx, name);
    if (rollout === undefined)
      throw notFound(
        `rollout "${name}" in namespace "${ctx.namespace}"`,
        'list them with GET /api/rollouts',
      );
    return rollout;
  };

  routes.add({
    method: 'GET',
    url: '/api/rollouts',
    action: 'rollout.list',
    summary: 'Rollouts, filtered by phase, project, namespace and q (name substring)',
    query: listQuerySchema.merge(rolloutsQuery),
    response: pageOf(rolloutSummary),
    handler: async ({ query, authorizeAny, visible }) => {
      await authorizeAny('Rollouts');
      const rows = deps.rollouts
        .values()
        .map((r) => summarizeRollout(r, project(r)))
        .filter(
          (r) =>
            visible(r.project) &&
            (query.phase === undefined || r.phase === query.phase) &&
            (query.project === undefined || r.project === query.project) &&
            (query.namespace === undefined || r.namespace === query.namespace) &&
            (query.q === undefined || r.name.toLowerCase().includes(query.q.toLowerCase())),
        );
      return paginate(rows, query, sortKeys, 'name');
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/rollouts/:namespace/:name',
    action: 'rollout.get',
    summary: 'One Rollout with its ReplicaSets, pods and AnalysisRuns',
    params: objectParams,
    response: kubeObject,
    handler: async ({ params, authorize }) => {
      const cached = find(params.namespace, params.name);
      await authorize(project(cached), `Rollout ${params.namespace}/${params.name}`);
      const ctx = ctxOf(params.namespace);
      const rollout = await fetchLive(ctx, params.name);
      const replicaSets = await rolloutReplicaSets(ctx, rollout);
      const [pods, analysisRuns] = await Promise.all([
        podsOfHashes(
          ctx,
          replicaSets.map(hashOf).filter((h) => h !== ''),
        ),
        rolloutAnalysisRuns(ctx, rollout),
      ]);
      return {
        ...rollout,
        summary: summarizeRollout(rollout, project(rollout)),
        replicaSets,
        pods,
        analysisRuns,
      };
    },
  });

  const act = (
    action: Action,
    summary: string,
    run: (ctx: RolloutScope, rollout: RolloutView, body: unknown) => Promise<string>,
  ): void => {
    routes.add({
      method: 'POST',
      url: `/api/rollouts/:namespace/:name/${action}`,
      action: `rollout.${action}`,
      summary,
      params: objectParams,
      body: action === 'promote' ? promoteBody : action === 'undo' ? undoBody : undefined,
      response: accepted,
      status: 202,
      handler: async ({ params, body, authorize }) => {
        const cached = find(params.namespace, params.name);
        await authorize(project(cached), `Rollout ${params.namespace}/${params.name}`);
        const ctx = ctxOf(params.namespace);
        const message = await run(ctx, await fetchLive(ctx, params.name), body);
        return { accepted: true, message };
      },
    });
  };

  act(
    'promote',
    'Move a paused Rollout on; {full: true} skips every remaining step',
    async (ctx, rollout, body) => {
      const patches = promoteAction(
        rollout,
        (body as { full?: boolean } | undefined)?.full === true,
      );
      await applyPatches(ctx, rollout.metadata.name, patches);
      return patches.done.join('; ');
    },
  );
  act(
    'abort',
    'Stop an update: traffic and replicas go back to the stable ReplicaSet',
    async (ctx, rollout) => {
      const patches = abortAction(rollout);
      await applyPatches(ctx, rollout.metadata.name, patches);
      return patches.done.join('; ');
    },
  );
  act('retry', 'Start an aborted update again from its first step', async (ctx, rollout) => {
    const patches = retryAction(rollout);
    await applyPatches(ctx, rollout.metadata.name, patches);
    return patches.done.join('; ');
  });
  act(
    'undo',
    "Put an earlier revision's pod template back ({toRevision?})",
    async (ctx, rollout, body) => {
      refuseWorkloadRef(rollout);
      const target = chooseUndoTarget(
        rollout.metadata.name,
        await rolloutReplicaSets(ctx, rollout),
        rollout.status?.currentPodHash,
        (body as { toRevision?: number } | undefined)?.toRevision,
      );
      await jsonPatchRollout(
        ctx,
        rollout.metadata.name,
        undoPatch(restoredTemplate(target).template),
      );
      return `rolling back to ReplicaSet ${target.metadata.name}`;
    },
  );
  act(
    'restart',
    "Recreate the Rollout's pods one at a time (spec.restartAt)",
    async (ctx, rollout) => {
      const restartAt = new Date().toISOString();
      await applyPatches(ctx, rollout.metadata.name, { spec: { restartAt }, done: ['restarting'] });
      return `restarting (restartAt ${restartAt})`;
    },
  );
}
