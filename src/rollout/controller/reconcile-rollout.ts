import type { KubeObject } from '../../kube/index.js';
import { decideCanary } from '../canary/decide-canary.js';
import { podTemplateHash } from '../canary/pod-template-hash.js';
import { withCondition, type RolloutStatus } from '../canary/rollout-status.js';
import { describeProblems, selectorString, type SpecProblem } from '../validation/index.js';
import {
  applyAnalysisRuns,
  applyReplicaSets,
  applyServiceSelectors,
  applyTrafficWeight,
} from './apply-decision.js';
import { controllerOwner } from './object-cache.js';
import { resolveRollout } from './resolve-rollout.js';
import type { RolloutDeps } from './rollout-deps.js';
import { observeAnalysisRun, observeReplicaSet } from './rollout-objects.js';
import { restartPods } from './restart-pods.js';

export type ReconcileResult = { readonly requeueAfterMs?: number };

const rolloutRef = (
  rollout: KubeObject,
): { apiVersion: string; kind: string; namespace: string; name: string } => ({
  apiVersion: 'slipway.dev/v1alpha1',
  kind: 'Rollout',
  namespace: rollout.metadata.namespace ?? 'default',
  name: rollout.metadata.name,
});

/** The status of a Rollout whose spec cannot be acted on: Degraded, with every problem named. */
export function invalidSpecStatus(
  previous: RolloutStatus,
  problems: readonly SpecProblem[],
  generation: number,
  now: string,
): RolloutStatus {
  const message = describeProblems(problems);
  return {
    ...previous,
    observedGeneration: String(generation),
    phase: 'Degraded',
    message: `InvalidSpec: ${message}`,
    conditions: withCondition(
      previous.conditions,
      { type: 'InvalidSpec', status: 'True', reason: 'InvalidSpec', message },
      now,
      false,
    ),
  };
}

/** Writes status only when it changed, and only over the version it was computed from. */
async function writeStatus(
  deps: RolloutDeps,
  rollout: KubeObject,
  status: RolloutStatus,
): Promise<void> {
  if (JSON.stringify(rollout['status'] ?? {}) === JSON.stringify(status)) return;
  const path = await deps.client.discovery.path(
    'slipway.dev/v1alpha1',
    'Rollout',
    rollout.metadata.namespace,
    rollout.metadata.name,
  );
  const updated = await deps.client.rest.send<KubeObject>({
    method: 'PATCH',
    path: `${path}/status`,
    contentType: 'application/json-patch+json',
    body: [
      { op: 'test', path: '/metadata/resourceVersion', value: rollout.metadata.resourceVersion },
      { op: 'add', path: '/status', value: status },
    ],
  });
  deps.rollouts.remember({ ...updated, apiVersion: 'slipway.dev/v1alpha1', kind: 'Rollout' });
}

const withoutInvalidSpec = (status: RolloutStatus): RolloutStatus => ({
  ...status,
  conditions: (status.conditions ?? []).filter((c) => c.type !== 'InvalidSpec'),
});

/**
 * One reconcile of one Rollout: resolve and check the spec, observe its ReplicaSets and runs,
 * decide (pure), act on ReplicaSets, Services, router and runs, then record status.
 */
export async function reconcileRollout(
  deps: RolloutDeps,
  namespace: string,
  name: string,
): Promise<ReconcileResult> {
  const rollout = deps.rollouts.get(namespace, name);
  if (rollout === undefined || rollout.metadata.deletionTimestamp !== undefined) return {};
  const previous = (rollout['status'] ?? {}) as RolloutStatus;
  const generation = rollout.metadata.generation ?? 0;
  const now = deps.now();
  const resolved = await resolveRollout(deps.client, rollout);
  if ('problems' in resolved) {
    await writeStatus(
      deps,
      rollout,
      invalidSpecStatus(previous, resolved.problems, generation, now.toISOString()),
    );
    // A missing Service or template may appear without the Rollout changing: look again.
    return { requeueAfterMs: 15_000 };
  }
  const owned = (list: KubeObject[]): KubeObject[] =>
    list.filter((o) => controllerOwner(o, 'Rollout') === name);
  const sets = owned(deps.replicaSets.list(namespace)).map(observeReplicaSet);
  const decision = decideCanary({
    name,
    generation,
    spec: resolved.spec,
    status: previous,
    hash: podTemplateHash(resolved.template),
    replicaSets: sets,
    analysisRuns: owned(deps.analysisRuns.list(namespace)).map(observeAnalysisRun),
    now,
  });
  await applyReplicaSets(deps, rollout, resolved, decision, sets);
  await applyServiceSelectors(deps, rollout, resolved, decision);
  let status: RolloutStatus = {
    ...withoutInvalidSpec(decision.status),
    selector: selectorString(resolved.selector),
  };
  const routing = resolved.spec.strategy.canary.trafficRouting;
  const { canaryService, stableService } = resolved.spec.strategy.canary;
  if (routing !== undefined && canaryService && stableService) {
    const problem = await applyTrafficWeight(
      deps,
      rollout,
      routing,
      { stable: stableService, canary: canaryService },
      decision.trafficWeight ?? 0,
    );
    if (problem !== undefined)
      status = invalidSpecStatus(
        status,
        [{ field: 'spec.strategy.canary.trafficRouting', message: problem }],
        generation,
        now.toISOString(),
      );
  }
  await applyAnalysisRuns(deps, rollout, decision);
  const restart = await restartPods(deps, rollout, resolved, sets, previous.restartedAt);
  if (restart.restartedAt !== undefined) status = { ...status, restartedAt: restart.restartedAt };
  await writeStatus(deps, rollout, status);
  const waits = [decision.requeueAfterMs, restart.requeueAfterMs].filter(
    (w): w is number => w !== undefined,
  );
  return waits.length === 0 ? {} : { requeueAfterMs: Math.max(Math.min(...waits), 0) };
}

export { rolloutRef };
