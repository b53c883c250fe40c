import type { KubeObject } from '../../../kube/index.js';
import type { RolloutView } from '../../../rollout/actions/index.js';
import type { ServerClient } from '../../server-client.js';
import type { RolloutListRow, RolloutSnapshot } from '../rollout/render-rollout.js';
import { listAll, objectPath } from './server-lists.js';

// The rollout commands through the API (GET /api/rollouts…, POST …/promote and the other
// actions), mapped to the shapes the direct path's renderers take.

/** A row of GET /api/rollouts (src/server/api/routes/rollout-routes.ts). */
export type RolloutSummary = {
  readonly namespace: string;
  readonly name: string;
  readonly phase: string;
  readonly replicas: number;
  readonly readyReplicas: number;
  readonly step: number | null;
  readonly steps: number;
  readonly canaryWeight: number | null;
};

/** The summary has no current/updated counts or creation time: those cells stay empty. Pure. */
export function rowFromSummary(s: RolloutSummary): RolloutListRow {
  return {
    namespace: s.namespace,
    name: s.name,
    desired: s.replicas,
    current: undefined,
    upToDate: undefined,
    available: s.readyReplicas,
    phase: s.phase,
    step: s.step ?? 0,
    steps: s.steps,
    weight: s.canaryWeight ?? undefined,
    createdAt: undefined,
  };
}

export async function listRollouts(
  client: ServerClient,
  namespace: string | undefined,
): Promise<RolloutListRow[]> {
  const items = await listAll<RolloutSummary>(client, '/api/rollouts', { namespace });
  return items.map(rowFromSummary);
}

type RolloutDetail = RolloutView & {
  readonly summary?: unknown;
  readonly replicaSets?: KubeObject[];
  readonly pods?: KubeObject[];
  readonly analysisRuns?: KubeObject[];
};

/** GET /api/rollouts/:ns/:name is the Rollout with what it owns beside it. Pure. */
export function snapshotFromDetail(detail: RolloutDetail): RolloutSnapshot {
  // The extra `summary` stays on the Rollout: the renderers read only what a Rollout has.
  const { replicaSets, pods, analysisRuns, ...rollout } = detail;
  return {
    rollout,
    replicaSets: replicaSets ?? [],
    pods: pods ?? [],
    analysisRuns: analysisRuns ?? [],
  };
}

export async function readRolloutSnapshot(
  client: ServerClient,
  namespace: string,
  name: string,
): Promise<RolloutSnapshot> {
  const answer = await client.request<RolloutDetail>(
    'GET',
    objectPath('rollouts', namespace, name),
  );
  return snapshotFromDetail(answer.body);
}

export type RolloutAction = 'promote' | 'abort' | 'retry' | 'undo' | 'restart';

/** POSTs an action; the server's message says what it did. */
export async function rolloutAction(
  client: ServerClient,
  target: { namespace: string; name: string },
  action: RolloutAction,
  body: Record<string, unknown> = {},
): Promise<string> {
  const answer = await client.request<{ message?: string }>(
    'POST',
    objectPath('rollouts', target.namespace, target.name, action),
    { body },
  );
  return answer.body.message ?? `${action} accepted`;
}
