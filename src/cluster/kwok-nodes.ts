import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StateError } from '../errors/index.js';
import { kwokNodeManifests, kwokNodeName } from './bootstrap-manifests.js';
import type { ClusterRecord } from './cluster-record.js';
import { planComponents } from './component-plan.js';
import { waitHealthy } from './health.js';
import { kubectl } from './kubectl.js';
import type { ClusterLayout } from './layout.js';
import { isSameProcessAlive, readRecord, startComponent, stopComponent } from './processes.js';
import type { Toolchain } from './toolchain.js';

/** Starts kwok if needed and makes exactly `count` simulated nodes exist. Idempotent. */
export async function reconcileKwokNodes(
  layout: ClusterLayout,
  tools: Toolchain,
  count: number,
  previous: number,
): Promise<void> {
  const spec = planComponents(layout, tools, { kwokNodes: Math.max(count, 1) }).find(
    (s) => s.name === 'kwok',
  );
  if (spec === undefined) return;
  const running = await readRecord(layout, 'kwok');
  if (count > 0 && (running === undefined || !isSameProcessAlive(running))) {
    await startComponent(layout, spec);
    const health = await waitHealthy(spec.health, 30_000);
    if (!health.healthy) {
      throw new StateError(`kwok did not become healthy (${health.detail})`, {
        hint: `read ${join(layout.logDir, 'kwok.log')}`,
      });
    }
  }
  if (count > 0) {
    await kubectl(layout, tools, ['apply', '--server-side', '-f', '-'], kwokNodeManifests(count));
  }
  const extra = Array.from({ length: Math.max(previous - count, 0) }, (_, i) =>
    kwokNodeName(count + i),
  );
  if (extra.length > 0)
    await kubectl(layout, tools, ['delete', 'node', '--ignore-not-found', ...extra]);
  if (count === 0) await stopComponent(layout, 'kwok');
}

export async function recordKwokNodes(
  layout: ClusterLayout,
  record: ClusterRecord,
  count: number,
): Promise<ClusterRecord> {
  const updated = { ...record, kwokNodes: count };
  await writeFile(layout.clusterFile, JSON.stringify(updated, null, 2));
  return updated;
}
