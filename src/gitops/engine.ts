import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RepoCache } from '../git/index.js';
import { KubeRest, ObjectClient } from '../kube/index.js';
import type { EngineDeps } from './controller/engine-deps.js';
import { RenderCache, type RenderTools } from './render/index.js';

export type EngineOptions = {
  readonly cacheDir?: string;
  readonly credentialNamespaces?: readonly string[];
  readonly waveTimeoutMs?: number;
  readonly fetchTtlMs?: number;
};

/** kustomize and helm: Slipway's own builds when scripts/setup made them, else from PATH. */
export function renderTools(cacheDir: string): RenderTools {
  const built = (name: string): string => {
    const path = join(cacheDir, 'bin', 'current', name);
    return existsSync(path) ? path : name;
  };
  return {
    kustomize: process.env['SLIPWAY_KUSTOMIZE'] ?? built('kustomize'),
    helm: process.env['SLIPWAY_HELM'] ?? built('helm'),
  };
}

/** Wires the GitOps engine to the cluster of the current kubeconfig and a local Git cache. */
export function createEngine(options: EngineOptions = {}): Promise<EngineDeps> {
  const cacheDir =
    options.cacheDir ?? process.env['SLIPWAY_CACHE'] ?? join(homedir(), '.cache', 'slipway');
  const control = new ObjectClient(KubeRest.fromConnection());
  return Promise.resolve({
    control,
    client: control,
    repos: new RepoCache({ cacheDir: join(cacheDir, 'git'), fetchTtlMs: options.fetchTtlMs ?? 0 }),
    renders: new RenderCache(),
    renderTools: renderTools(cacheDir),
    credentialNamespaces: options.credentialNamespaces ?? ['slipway-system'],
    now: () => new Date(),
    waveTimeoutMs: options.waveTimeoutMs ?? 300_000,
  });
}
