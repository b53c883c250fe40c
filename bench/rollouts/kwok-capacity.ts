// Room for the benchmark's pods on the kwok nodes: counts the free pod slots and, when they are
// too few, adds kwok nodes with `slipway cluster up --kwok-nodes N` (and puts the count back after).
import { join } from 'node:path';
import { runCommand } from '../../src/exec/index.js';
import type { ObjectClient } from '../../src/kube/index.js';

const slipway = join(import.meta.dirname, '..', '..', 'bin', 'slipway.js');

export type KwokCapacity = {
  readonly nodes: number;
  readonly podsPerNode: number;
  /** Pods already bound to kwok nodes (other tests', or a run left behind). */
  readonly podsInUse: number;
};

type NodeList = {
  items: { metadata: { name: string }; status?: { allocatable?: { pods?: string } } }[];
};
type PodList = { items: { spec?: { nodeName?: string } }[] };

export async function kwokCapacity(client: ObjectClient): Promise<KwokCapacity> {
  const nodes = await client.rest.send<NodeList>({
    method: 'GET',
    path: '/api/v1/nodes',
    query: { labelSelector: 'type=kwok' },
  });
  const names = new Set(nodes.items.map((n) => n.metadata.name));
  const pods = await client.rest.send<PodList>({ method: 'GET', path: '/api/v1/pods' });
  const podsPerNode = Number(nodes.items[0]?.status?.allocatable?.pods ?? '110');
  return {
    nodes: names.size,
    podsPerNode,
    podsInUse: pods.items.filter((p) => names.has(p.spec?.nodeName ?? '')).length,
  };
}

/** Kwok nodes needed so `pods` more fit beside those in use, with a fifth to spare. */
export function kwokNodesFor(pods: number, capacity: KwokCapacity): number {
  const wanted = Math.ceil(((capacity.podsInUse + pods) * 1.2) / capacity.podsPerNode);
  return Math.max(wanted, capacity.nodes);
}

export async function setKwokNodes(count: number): Promise<void> {
  process.stderr.write(`rollouts bench: slipway cluster up --kwok-nodes ${count}\n`);
  const said = await runCommand(process.execPath, [
    slipway,
    'cluster',
    'up',
    '--kwok-nodes',
    String(count),
  ]);
  process.stderr.write(said);
}
