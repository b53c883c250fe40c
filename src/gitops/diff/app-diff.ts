import { stringify } from 'yaml';
import { applicationSpecSchema, describeZodError } from '../../config/index.js';
import type { KubeObject } from '../../kube/index.js';
import type { ApplicationObject } from '../controller/application-object.js';
import { compareApp } from '../controller/compare-app.js';
import { destinationClient } from '../controller/destinations.js';
import type { EngineDeps } from '../controller/engine-deps.js';
import { normalizeForDiff } from '../sync/normalize.js';
import { unifiedDiff } from './unified-diff.js';

/** The diff a sync would make, per out-of-sync object: live (normalized) against what an apply would give. */
export async function diffApp(deps: EngineDeps, app: ApplicationObject): Promise<string[]> {
  const parsed = applicationSpecSchema.safeParse(app.spec);
  if (!parsed.success)
    throw describeZodError(
      parsed.error,
      `Application ${app.metadata.namespace}/${app.metadata.name} spec`,
    );
  const spec = parsed.data;
  const target = { ...deps, client: await destinationClient(deps, spec) };
  const comparison = await compareApp(target, app, spec, undefined);
  const ignore = spec.ignoreDifferences ?? [];
  const diffs: string[] = [];
  for (const r of comparison.resources) {
    if (r.status === 'Synced') continue;
    const label = `${r.ref.kind}/${r.ref.namespace ? `${r.ref.namespace}/` : ''}${r.ref.name}`;
    const live = r.live ? stringify(normalizeForDiff(r.live, ignore)) : '';
    let desired = '';
    if (r.desired) {
      const predicted = r.live
        ? await target.client
            .apply(r.desired, { dryRun: true })
            .catch(() => r.desired as KubeObject)
        : r.desired;
      desired = stringify(normalizeForDiff(predicted, ignore));
    }
    const diff = unifiedDiff(live, desired, {
      from: `live ${label}`,
      to: r.desired ? `desired ${label}` : `${label} (pruned)`,
    });
    if (diff) diffs.push(diff);
  }
  return diffs;
}
