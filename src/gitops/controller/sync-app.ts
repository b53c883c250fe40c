import { groupOfApiVersion, refOf, type KubeObject } from '../../kube/index.js';
import { assessHealth } from '../health/index.js';
import { appSyncOptions, planSync, type ResourceState } from '../sync/sync-plan.js';
import { withTracking } from '../sync/tracking.js';
import type { ApplicationSpec } from '../../config/index.js';
import type { ResourceResult } from './application-object.js';
import type { Comparison } from './compare-app.js';
import { runHook } from './run-hook.js';
import type { EngineDeps } from './engine-deps.js';

export type SyncOutcome = {
  readonly ok: boolean;
  readonly message: string;
  readonly results: ResourceResult[];
};

const result = (
  r: ResourceState,
  status: ResourceResult['status'],
  message: string,
): ResourceResult => {
  const [group, version] = r.ref.apiVersion.includes('/')
    ? r.ref.apiVersion.split('/')
    : ['', r.ref.apiVersion];
  return {
    group: group ?? '',
    version: version ?? '',
    kind: r.ref.kind,
    ...(r.ref.namespace ? { namespace: r.ref.namespace } : {}),
    name: r.ref.name,
    status,
    message,
    syncPhase: 'Sync',
  };
};

function hookResult(
  hook: KubeObject,
  ran: { ok: boolean; message: string },
  phase: 'PreSync' | 'PostSync',
): ResourceResult {
  const { group, version } = groupVersion(hook.apiVersion);
  return {
    group,
    version,
    kind: hook.kind,
    ...(hook.metadata.namespace ? { namespace: hook.metadata.namespace } : {}),
    name: hook.metadata.name,
    status: ran.ok ? 'Synced' : 'SyncFailed',
    message: ran.message,
    syncPhase: phase,
  };
}

/** Applies the compared desired state: waves in order, each waiting until healthy, then prunes. */
export async function syncApp(
  deps: EngineDeps,
  spec: ApplicationSpec,
  comparison: Comparison,
  prune: boolean,
  appId: { namespace: string; name: string },
): Promise<SyncOutcome> {
  const options = appSyncOptions(spec.syncPolicy?.syncOptions);
  const plan = planSync(comparison.resources, {
    prune,
    applyOutOfSyncOnly: options.applyOutOfSyncOnly,
    pruneLast: options.pruneLast,
  });
  const results: ResourceResult[] = [];
  if (options.createNamespace && spec.destination.namespace) {
    const namespace: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: spec.destination.namespace },
    };
    await deps.client.apply(withTracking(namespace, appId));
  }
  const pruneNow = async (): Promise<void> => {
    for (const r of plan.prune) {
      await deps.client.delete(r.ref);
      results.push(result(r, 'Pruned', 'pruned'));
    }
  };
  for (const hook of comparison.hooks.preSync) {
    const ran = await runHook(deps, hook);
    results.push(hookResult(hook, ran, 'PreSync'));
    if (!ran.ok) return { ok: false, message: `PreSync hook failed: ${ran.message}`, results };
  }
  if (!options.pruneLast) await pruneNow();
  for (const [index, wave] of plan.waves.entries()) {
    for (const r of wave.apply) {
      try {
        await deps.client.apply(r.desired as KubeObject);
        results.push(
          result(
            r,
            'Synced',
            r.live === undefined
              ? `${r.ref.kind.toLowerCase()}/${r.ref.name} created`
              : `${r.ref.kind.toLowerCase()}/${r.ref.name} configured`,
          ),
        );
      } catch (error) {
        results.push(result(r, 'SyncFailed', (error as Error).message));
        return {
          ok: false,
          message: `one or more objects failed to apply: ${(error as Error).message}`,
          results,
        };
      }
    }
    const isLast = index === plan.waves.length - 1;
    // PostSync hooks run once everything is healthy, so the last wave is waited for too.
    if (!isLast || comparison.hooks.postSync.length > 0) {
      const waited = await waitWaveHealthy(deps, wave.apply, deps.waveTimeoutMs);
      if (!waited.ok)
        return {
          ok: false,
          message: `wave ${wave.wave} did not become healthy: ${waited.message}`,
          results,
        };
    }
  }
  if (options.pruneLast) await pruneNow();
  for (const hook of comparison.hooks.postSync) {
    const ran = await runHook(deps, hook);
    results.push(hookResult(hook, ran, 'PostSync'));
    if (!ran.ok) return { ok: false, message: `PostSync hook failed: ${ran.message}`, results };
  }
  for (const r of plan.prunePending)
    results.push(result(r, 'PruneSkipped', 'ignored (requires pruning)'));
  const applied = plan.waves.reduce((n, w) => n + w.apply.length, 0);
  return {
    ok: true,
    message: `successfully synced (${applied} applied, ${plan.prune.length} pruned)`,
    results,
  };
}

async function waitWaveHealthy(
  deps: EngineDeps,
  wave: readonly ResourceState[],
  timeoutMs: number,
): Promise<{ ok: boolean; message: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const unhealthy: string[] = [];
    for (const r of wave) {
      const live = await deps.client.get(refOf(r.desired as KubeObject));
      const health = assessHealth(live);
      if (health !== undefined && health.status !== 'Healthy') {
        if (health.status === 'Degraded')
          return {
            ok: false,
            message: `${r.ref.kind}/${r.ref.name} is Degraded: ${health.message ?? ''}`,
          };
        unhealthy.push(`${r.ref.kind}/${r.ref.name} ${health.status}`);
      }
    }
    if (unhealthy.length === 0) return { ok: true, message: '' };
    last = unhealthy.join(', ');
    await new Promise((res) => setTimeout(res, 1000));
  }
  return { ok: false, message: `still waiting after ${timeoutMs / 1000}s: ${last}` };
}

export const groupVersion = (apiVersion: string): { group: string; version: string } => ({
  group: groupOfApiVersion(apiVersion),
  version: apiVersion.includes('/') ? (apiVersion.split('/')[1] ?? '') : apiVersion,
});
