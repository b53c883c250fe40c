import type { TrafficRouting } from '../../config/rollout.js';
import type { KubeObject } from '../../kube/index.js';
import type { CanaryDecision } from '../canary/decide-canary.js';
import type { ObservedReplicaSet } from '../canary/canary-input.js';
import { podTemplateHashLabel } from '../canary/pod-template-hash.js';
import { createAnalysisRun, terminateAnalysisRun } from './analysis-runs.js';
import type { ResolvedRollout } from './resolve-rollout.js';
import type { RolloutDeps } from './rollout-deps.js';
import {
  managedByAnnotation,
  replicaSetObject,
  replicaSetPatch,
  replicaSetsToDelete,
} from './rollout-objects.js';
import { nginxCanaryIngress, weightedRouteRules } from './traffic-routing.js';

/** Creates and scales the ReplicaSets, then removes those past the history limit. */
export async function applyReplicaSets(
  deps: RolloutDeps,
  rollout: KubeObject,
  resolved: ResolvedRollout,
  decision: CanaryDecision,
  observed: readonly ObservedReplicaSet[],
): Promise<void> {
  const ns = rollout.metadata.namespace ?? 'default';
  for (const target of decision.plan.targets) {
    if (target.create) {
      const body = replicaSetObject(
        rollout,
        resolved.template,
        resolved.selector,
        target,
        resolved.spec.minReadySeconds,
      );
      const created = await deps.client.rest
        .send<KubeObject>({
          method: 'POST',
          path: `/apis/apps/v1/namespaces/${ns}/replicasets`,
          body,
        })
        .catch((error: unknown) => {
          if ((error as { status?: number }).status === 409) return undefined;
          throw error;
        });
      if (created)
        deps.replicaSets.remember({ ...created, apiVersion: 'apps/v1', kind: 'ReplicaSet' });
      continue;
    }
    const current = observed.find((rs) => rs.name === target.name);
    const patch = current === undefined ? undefined : replicaSetPatch(current, target);
    if (patch === undefined) continue;
    const updated = await deps.client.mergePatch(
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: ns, name: target.name },
      patch,
    );
    deps.replicaSets.remember({ ...updated, apiVersion: 'apps/v1', kind: 'ReplicaSet' });
  }
  const keep = new Set([decision.stableHash, decision.canaryHash]);
  const limit = resolved.spec.revisionHistoryLimit ?? 10;
  for (const name of replicaSetsToDelete(observed, keep, limit)) {
    await deps.client.delete({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: ns, name });
  }
}

/** Points the stable and canary Services at their pod-template hashes. */
export async function applyServiceSelectors(
  deps: RolloutDeps,
  rollout: KubeObject,
  resolved: ResolvedRollout,
  decision: CanaryDecision,
): Promise<void> {
  const ns = rollout.metadata.namespace ?? 'default';
  const canary = resolved.spec.strategy.canary;
  const wanted: [string | undefined, string][] = [
    [canary.stableService, decision.stableHash],
    [canary.canaryService, decision.canaryHash],
  ];
  for (const [name, hash] of wanted) {
    if (!name) continue;
    const ref = { apiVersion: 'v1', kind: 'Service', namespace: ns, name };
    const service = await deps.client.get(ref);
    const selector = (service?.['spec'] as { selector?: Record<string, string> } | undefined)
      ?.selector;
    if (service === undefined || selector?.[podTemplateHashLabel] === hash) continue;
    await deps.client.mergePatch(ref, {
      metadata: { annotations: { [managedByAnnotation]: rollout.metadata.name } },
      spec: { selector: { [podTemplateHashLabel]: hash } },
    });
  }
}

/** Writes the canary weight to the router; a problem string when the router cannot take it. */
export async function applyTrafficWeight(
  deps: RolloutDeps,
  rollout: KubeObject,
  routing: TrafficRouting,
  services: { stable: string; canary: string },
  weight: number,
): Promise<string | undefined> {
  const ns = rollout.metadata.namespace ?? 'default';
  if (routing.nginx) {
    const stable = await deps.client.get({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      namespace: ns,
      name: routing.nginx.stableIngress,
    });
    if (stable === undefined) return `Ingress "${routing.nginx.stableIngress}" not found`;
    const result = nginxCanaryIngress(rollout, stable, services, weight, {
      ...(routing.nginx.annotationPrefix
        ? { annotationPrefix: routing.nginx.annotationPrefix }
        : {}),
      ...(routing.nginx.additionalIngressAnnotations
        ? { additionalIngressAnnotations: routing.nginx.additionalIngressAnnotations }
        : {}),
    });
    if ('problem' in result) return result.problem;
    await deps.client.apply(result.ingress, { fieldManager: 'slipway-rollouts' });
  }
  if (routing.gatewayAPI) {
    const ref = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      namespace: routing.gatewayAPI.namespace ?? ns,
      name: routing.gatewayAPI.httpRoute,
    };
    const route = await deps.client.get(ref);
    if (route === undefined) return `HTTPRoute "${ref.name}" not found`;
    const result = weightedRouteRules(route, services, weight);
    if ('problem' in result) return result.problem;
    const current = JSON.stringify((route['spec'] as { rules?: unknown }).rules);
    if (current !== JSON.stringify(result.rules))
      await deps.client.mergePatch(ref, { spec: { rules: result.rules } });
  }
  return undefined;
}

/** Creates the runs the decision asks for and stops the ones it no longer needs. */
export async function applyAnalysisRuns(
  deps: RolloutDeps,
  rollout: KubeObject,
  decision: CanaryDecision,
): Promise<void> {
  const ns = rollout.metadata.namespace ?? 'default';
  for (const plan of decision.createRuns) {
    const run = await createAnalysisRun(deps.client, rollout, plan, {
      stable: decision.stableHash,
      latest: decision.canaryHash,
    });
    deps.analysisRuns.remember({ ...run, apiVersion: 'slipway.dev/v1alpha1', kind: 'AnalysisRun' });
  }
  for (const name of decision.terminateRuns) {
    const run = deps.analysisRuns.get(ns, name);
    if ((run?.['spec'] as { terminate?: boolean } | undefined)?.terminate === true) continue;
    await terminateAnalysisRun(deps.client, ns, name);
  }
}
