import { applicationApiVersion, type ObjectClient } from '../../src/kube/index.js';

// 1,000 Applications with statuses written through the status subresource, as a controller
// would leave them, so the list's filters and sorts have something to work on.

const syncs = ['Synced', 'Synced', 'Synced', 'OutOfSync'] as const;
const healths = ['Healthy', 'Healthy', 'Progressing', 'Degraded', 'Missing'] as const;

export const appName = (i: number): string => `app-${String(i).padStart(4, '0')}`;

export const appRef = (namespace: string, i: number) =>
  ({
    apiVersion: applicationApiVersion,
    kind: 'Application',
    namespace,
    name: appName(i),
  }) as const;

async function createOne(client: ObjectClient, namespace: string, i: number): Promise<void> {
  await client.apply({
    apiVersion: applicationApiVersion,
    kind: 'Application',
    metadata: { name: appName(i), namespace },
    spec: {
      project: `team-${i % 8}`,
      source: { repoURL: 'http://127.0.0.1:1/none.git', targetRevision: 'HEAD', path: appName(i) },
      destination: { server: 'https://kubernetes.default.svc', namespace },
    },
  });
  const finishedAt = new Date(Date.UTC(2026, 10, 1) + i * 61_000).toISOString();
  await client.mergePatch(
    appRef(namespace, i),
    {
      status: {
        sync: {
          status: syncs[i % syncs.length],
          revision: (i * 7919).toString(16).padStart(40, '0'),
        },
        health: { status: healths[i % healths.length] },
        operationState: { phase: 'Succeeded', finishedAt },
      },
    },
    'status',
  );
}

/** Creates `count` Applications, `concurrency` at a time. */
export async function createApps(
  client: ObjectClient,
  namespace: string,
  count: number,
  concurrency = 16,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await createOne(client, namespace, next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
