import { refOf, type KubeObject } from '../../kube/index.js';
import { pollUntil } from '../../waiting/index.js';
import type { EngineDeps } from './engine-deps.js';

type Outcome = { ok: boolean; message: string };

/** Whether a hook has finished, from its live object: Jobs and Pods run to completion, others just exist. Pure. */
export function hookOutcome(live: KubeObject | undefined): Outcome | undefined {
  if (live === undefined) return undefined;
  const status = live['status'] as
    | { conditions?: { type: string; status: string; message?: string }[]; phase?: string }
    | undefined;
  if (live.kind === 'Job') {
    const done = status?.conditions?.find(
      (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
    );
    if (done === undefined) return undefined;
    return done.type === 'Complete'
      ? { ok: true, message: `job/${live.metadata.name} completed` }
      : { ok: false, message: `job/${live.metadata.name} failed: ${done.message ?? ''}` };
  }
  if (live.kind === 'Pod') {
    if (status?.phase === 'Succeeded')
      return { ok: true, message: `pod/${live.metadata.name} succeeded` };
    if (status?.phase === 'Failed')
      return { ok: false, message: `pod/${live.metadata.name} failed` };
    return undefined;
  }
  return { ok: true, message: `${live.kind.toLowerCase()}/${live.metadata.name} created` };
}

/** Runs one hook as Argo CD's default BeforeHookCreation policy does: delete the old one, create, wait. */
export async function runHook(deps: EngineDeps, hook: KubeObject): Promise<Outcome> {
  const ref = refOf(hook);
  if (await deps.client.delete(ref, 'Foreground')) {
    const gone = await pollUntil(deps.waveTimeoutMs, async () =>
      (await deps.client.get(ref)) === undefined ? true : undefined,
    );
    if (!gone)
      return {
        ok: false,
        message: `the previous ${hook.kind}/${hook.metadata.name} was not deleted in time`,
      };
  }
  await deps.client.apply(hook);
  const outcome = await pollUntil(deps.waveTimeoutMs, async () =>
    hookOutcome(await deps.client.get(ref)),
  );
  return (
    outcome ?? {
      ok: false,
      message: `${hook.kind}/${hook.metadata.name} did not finish within ${deps.waveTimeoutMs / 1000}s`,
    }
  );
}
