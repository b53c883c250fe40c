import { readFile } from 'node:fs/promises';
import type { ClusterLayout } from './layout.js';

/** What `up` wrote about the running cluster (cluster.json in the state dir). */
export type ClusterRecord = {
  readonly startedAt: string;
  readonly kwokNodes: number;
  readonly kubernetesVersion: string;
  readonly pythonBaseImage: string;
  readonly readyAfterMs: number;
};

export async function readClusterRecord(layout: ClusterLayout): Promise<ClusterRecord | undefined> {
  try {
    return JSON.parse(await readFile(layout.clusterFile, 'utf8')) as ClusterRecord;
  } catch {
    return undefined;
  }
}
