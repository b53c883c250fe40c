import { randomBytes } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll } from 'vitest';
import { clusterLayout, loadToolchain } from '../../../src/cluster/index.js';
import { kubectl as runKubectl } from '../../../src/cluster/kubectl.js';

export const layout = clusterLayout();
export const tools = loadToolchain(layout);

export function adminConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(layout.adminKubeconfig);
  return kc;
}

/** kubectl as the cluster admin; `input` goes to its stdin. */
export function kubectl(args: readonly string[], input?: string): Promise<string> {
  return runKubectl(layout, tools, args, input);
}

/**
 * Gives the calling test file its own namespace, created before its tests and deleted after,
 * so tests never see each other's objects.
 */
export function useNamespace(prefix: string): { readonly name: string } {
  const ns = { name: `${prefix}-${randomBytes(3).toString('hex')}` };
  beforeAll(async () => {
    await kubectl(['create', 'namespace', ns.name]);
    // The ServiceAccount controller makes "default" a moment after the namespace.
    await waitFor('the default ServiceAccount', 30_000, () =>
      kubectl(['-n', ns.name, 'get', 'serviceaccount', 'default', '-o', 'name']),
    );
  });
  afterAll(async () => {
    await kubectl(['delete', 'namespace', ns.name, '--wait=false']);
  });
  return ns;
}

export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: Error | undefined;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error : new Error(JSON.stringify(error));
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? `: ${last.message}` : ''}`,
  );
}

/** `kind/name` when the object exists in the namespace, '' when it does not. */
export async function existing(namespace: string, kind: string, name: string): Promise<string> {
  return (
    await kubectl(['-n', namespace, 'get', kind, name, '--ignore-not-found', '-o', 'name'])
  ).trim();
}

/** Waits until the object is gone from the namespace. */
export async function waitGone(
  namespace: string,
  kind: string,
  name: string,
  timeoutMs = 30_000,
): Promise<void> {
  await waitFor(`${kind}/${name} to be deleted`, timeoutMs, async () =>
    (await existing(namespace, kind, name)) === '' ? true : undefined,
  );
}
