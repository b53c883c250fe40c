import { clusterLayout, loadToolchain } from '../cluster/index.js';
import { kubectl } from '../cluster/kubectl.js';
import { tryCommand } from '../exec/index.js';
import { catApp } from './cat-app-scenario.js';

// The demo's few direct cluster operations (the rest goes through Slipway): applying the
// Application once, as a person would with kubectl, and clearing what an earlier demo left.

export function applyManifest(manifest: string): Promise<void> {
  const layout = clusterLayout();
  return kubectl(layout, loadToolchain(layout), ['apply', '-f', '-'], manifest).then(
    () => undefined,
  );
}

/**
 * Deletes the demo's Application, its namespace and every cat-app preview namespace. Run while
 * Slipway is still up, so the Application's finalizer can prune; any finalizer left is dropped.
 */
export async function clearDemoObjects(): Promise<void> {
  const layout = clusterLayout();
  const tools = loadToolchain(layout);
  const run = (args: string[]): Promise<unknown> =>
    tryCommand(tools.bin.kubectl, ['--kubeconfig', layout.adminKubeconfig, ...args]);
  const app = [
    '-n',
    catApp.application.namespace,
    'applications.slipway.dev',
    catApp.application.name,
  ];
  await run(['delete', ...app, '--ignore-not-found', '--timeout=60s']);
  await run(['patch', ...app, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
  await run([
    'delete',
    'applications.slipway.dev',
    '-A',
    '-l',
    'slipway.dev/preview-app=cat-app',
    '--ignore-not-found',
    '--timeout=60s',
  ]);
  await run(['delete', 'namespace', catApp.namespace, '--ignore-not-found', '--timeout=120s']);
  await run([
    'delete',
    'namespace',
    '-l',
    'slipway.dev/preview-app=cat-app',
    '--ignore-not-found',
    '--timeout=120s',
  ]);
}
