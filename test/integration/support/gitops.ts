import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { stringify } from 'yaml';
import {
  ApplicationController,
  createEngine,
  installSlipway,
  type ApplicationObject,
  type EngineDeps,
} from '../../../src/gitops/index.js';
import { applicationApiVersion } from '../../../src/kube/index.js';
import { kubectl, waitFor } from './cluster.js';

export const pauseImage = '127.0.0.1:5000/pause:3.10-slipway.1';

/** An in-process GitOps controller for the calling test file, watching only its namespaces. */
export function useController(namespaces: () => string[]): {
  deps: () => EngineDeps;
  controller: () => ApplicationController;
} {
  let deps: EngineDeps | undefined;
  let controller: ApplicationController | undefined;
  beforeAll(async () => {
    deps = await createEngine({ waveTimeoutMs: 120_000 });
    await installSlipway(deps.client);
    controller = new ApplicationController(deps, {
      namespaces: namespaces(),
      pollIntervalMs: 600_000,
      pollJitterMs: 1000,
      selfHealBackoffMs: 1000,
      concurrency: 8,
      log: pino({ level: process.env['SLIPWAY_TEST_LOG'] ?? 'silent' }),
    });
    controller.start();
  });
  afterAll(() => controller?.stop());
  return {
    deps: () => {
      if (!deps) throw new Error('controller not started');
      return deps;
    },
    controller: () => {
      if (!controller) throw new Error('controller not started');
      return controller;
    },
  };
}

export function deploymentYaml(
  name: string,
  options: { replicas?: number; image?: string; labels?: Record<string, string> } = {},
): string {
  return stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(options.labels ? { labels: options.labels } : {}) },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'main', image: options.image ?? pauseImage }],
        },
      },
    },
  });
}

export function configMapYaml(name: string, data: Record<string, string>): string {
  return stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
}

export type AppSpecInput = {
  repoURL: string;
  path: string;
  namespace: string;
  automated?: { prune?: boolean; selfHeal?: boolean } | undefined;
  extra?: Record<string, unknown>;
  /** A registered cluster, by server URL or name; in-cluster when absent. */
  cluster?: { server: string } | { name: string };
};

export async function createApp(
  namespace: string,
  name: string,
  input: AppSpecInput,
  finalizers?: string[],
): Promise<void> {
  await kubectl(
    ['apply', '-f', '-'],
    stringify({
      apiVersion: applicationApiVersion,
      kind: 'Application',
      metadata: { name, namespace, ...(finalizers ? { finalizers } : {}) },
      spec: {
        project: 'default',
        source: { repoURL: input.repoURL, targetRevision: 'HEAD', path: input.path },
        destination: {
          ...(input.cluster ?? { server: 'https://kubernetes.default.svc' }),
          namespace: input.namespace,
        },
        ...(input.automated ? { syncPolicy: { automated: input.automated } } : {}),
        ...(input.extra ?? {}),
      },
    }),
  );
}

export async function getApp(namespace: string, name: string): Promise<ApplicationObject> {
  return JSON.parse(
    await kubectl(['-n', namespace, 'get', 'applications.slipway.dev', name, '-o', 'json']),
  ) as ApplicationObject;
}

/** Waits until the app's status satisfies `check`; the error shows the last status seen. */
export async function waitApp(
  namespace: string,
  name: string,
  what: string,
  check: (app: ApplicationObject) => boolean,
  timeoutMs = 90_000,
): Promise<ApplicationObject> {
  let last: ApplicationObject | undefined;
  try {
    return await waitFor(what, timeoutMs, async () => {
      last = await getApp(namespace, name);
      return check(last) ? last : undefined;
    });
  } catch (error) {
    throw new Error(
      `${(error as Error).message}\nlast status: ${JSON.stringify(last?.status ?? {}, null, 1).slice(0, 3000)}`,
    );
  }
}

export const syncedAndHealthy = (app: ApplicationObject): boolean =>
  app.status?.sync?.status === 'Synced' && app.status.health?.status === 'Healthy';

/** Asks for a look at Git now, as the refresh annotation does. */
export async function refresh(namespace: string, name: string): Promise<void> {
  await kubectl([
    '-n',
    namespace,
    'annotate',
    '--overwrite',
    'applications.slipway.dev',
    name,
    'slipway.dev/refresh=hard',
  ]);
}
