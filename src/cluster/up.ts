import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StateError } from '../errors/index.js';
import { runCommand, tryCommand } from '../exec/index.js';
import { bootstrapManifests } from './bootstrap-manifests.js';
import {
  ensurePauseImageBuilt,
  ensurePythonBaseBuilt,
  inRegistry,
  pauseImage,
  pushToRegistry,
  pythonBaseImage,
} from './base-images.js';
import { writeClusterFiles } from './cluster-files.js';
import type { ClusterRecord } from './cluster-record.js';
import { reconcileKwokNodes, recordKwokNodes } from './kwok-nodes.js';
import { planComponents, type ClusterOptions, type ComponentSpec } from './component-plan.js';
import { probe, type HealthResult } from './health.js';
import { kubectl, parseNodeReadiness } from './kubectl.js';
import { clusterLayout, type ClusterLayout } from './layout.js';
import { clusterNetwork } from './network.js';
import { ensurePki } from './pki.js';
import { checkKernel, checkPortsFree, checkRoot } from './preflight.js';
import { isSameProcessAlive, sleep, startComponent } from './processes.js';
import { inspectCluster } from './status.js';
import { teardownCluster } from './teardown.js';
import { loadToolchain, type Toolchain } from './toolchain.js';

export type UpRequest = {
  /** Simulated nodes wanted; undefined keeps what a running cluster has (0 for a new one). */
  readonly kwokNodes?: number;
};

export type UpResult =
  | {
      readonly kind: 'already-running';
      readonly record: ClusterRecord | undefined;
      readonly kwokNodesChanged: boolean;
    }
  | { readonly kind: 'started'; readonly record: ClusterRecord };

export type Progress = (message: string) => void;

/** Brings the local cluster up, or says it already runs. On failure, stops what it started. */
export async function clusterUp(request: UpRequest, progress: Progress): Promise<UpResult> {
  checkRoot();
  const layout = clusterLayout();
  const tools = loadToolchain(layout);
  const options: ClusterOptions = { kwokNodes: request.kwokNodes ?? 0 };
  const specs = planComponents(layout, tools, options);
  const { condition, record: existing } = await inspectCluster(layout, tools);
  if (condition.kind === 'running') {
    const have = existing?.kwokNodes ?? 0;
    if (request.kwokNodes === undefined || request.kwokNodes === have || existing === undefined) {
      return { kind: 'already-running', record: existing, kwokNodesChanged: false };
    }
    progress(`changing kwok nodes from ${have} to ${request.kwokNodes}`);
    await reconcileKwokNodes(layout, tools, request.kwokNodes, have);
    await waitNodesReady(layout, tools, 1 + request.kwokNodes, 120_000);
    const record = await recordKwokNodes(layout, existing, request.kwokNodes);
    return { kind: 'already-running', record, kwokNodesChanged: true };
  }
  if (condition.kind === 'partial') {
    throw new StateError(
      `a previous cluster is half-started: running ${condition.alive.join(', ')}; not running ${condition.dead.join(', ')}`,
      { hint: 'run `slipway cluster down` (it stops whatever is left), then `slipway cluster up`' },
    );
  }
  if (condition.kind === 'stopped') {
    progress('cleaning up after a cluster that stopped without `down` (its data is kept)');
    await teardownCluster(layout, { keepState: true, kubeProxy: tools.bin['kube-proxy'] });
  }
  const kernel = checkKernel();
  await checkPortsFree(specs);
  const started = Date.now();
  try {
    await startAll(layout, tools, specs, options, kernel.snapshotter, progress);
    const record: ClusterRecord = {
      startedAt: new Date(started).toISOString(),
      kwokNodes: options.kwokNodes,
      kubernetesVersion: tools.versions.kubernetes,
      pythonBaseImage: inRegistry(pythonBaseImage(tools)),
      readyAfterMs: Date.now() - started,
    };
    await writeFile(layout.clusterFile, JSON.stringify(record, null, 2));
    return { kind: 'started', record };
  } catch (error) {
    progress('start failed: stopping what was started (logs are kept)');
    await teardownCluster(layout, { keepState: true, kubeProxy: tools.bin['kube-proxy'] });
    throw error;
  }
}

async function startAll(
  layout: ClusterLayout,
  tools: Toolchain,
  specs: readonly ComponentSpec[],
  options: ClusterOptions,
  snapshotter: string,
  progress: Progress,
): Promise<void> {
  progress('certificates and configs');
  await ensurePki(layout);
  // Images build (first time only) while the control plane starts.
  const images = Promise.all([ensurePauseImageBuilt(tools), ensurePythonBaseBuilt(tools)]);
  images.catch(() => undefined); // observed below; this only keeps an early failure from going unhandled
  await writeClusterFiles(layout, inRegistry(pauseImage(tools)), snapshotter, tools.kwokStages);
  enablePacketForwarding();
  await ensureNodeBridge();
  const start = async (name: ComponentSpec['name'], timeoutMs = 60_000): Promise<void> => {
    const spec = specs.find((s) => s.name === name);
    if (spec === undefined) return;
    progress(`starting ${name}`);
    const health = await startUntilHealthy(layout, spec, timeoutMs);
    if (!health.healthy) {
      throw new StateError(
        `${name} did not become healthy within ${timeoutMs / 1000}s (${health.detail})`,
        { hint: `read its log: ${join(layout.logDir, `${name}.log`)}` },
      );
    }
  };
  await start('registry');
  await start('registry-identity');
  await start('etcd');
  await start('kube-apiserver');
  await kubectl(layout, tools, ['apply', '--server-side', '-f', '-'], bootstrapManifests());
  await start('kube-controller-manager');
  await start('kube-scheduler');
  await start('containerd');
  progress('pushing the pause and Python base images to the local registry');
  const [pause, python] = await images;
  await pushToRegistry(tools, pause);
  await pushToRegistry(tools, python);
  await start('kubelet');
  await start('kube-proxy');
  if (options.kwokNodes > 0) {
    progress(`starting kwok with ${options.kwokNodes} simulated nodes`);
    await reconcileKwokNodes(layout, tools, options.kwokNodes, 0);
  }
  progress('waiting for every node to be Ready');
  await waitNodesReady(layout, tools, 1 + options.kwokNodes, 120_000);
}

function enablePacketForwarding(): void {
  for (const [file, value] of [
    ['/proc/sys/net/ipv4/ip_forward', '1'],
    ['/proc/sys/net/bridge/bridge-nf-call-iptables', '1'],
  ] as const) {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() !== value) {
      writeFileSync(file, value);
    }
  }
}

/**
 * Starts a component and waits for its health; a process that exits while waiting is started
 * again (kubelet exits when containerd's CRI service is still restoring its state after a
 * restart, which containerd's socket alone does not show).
 */
async function startUntilHealthy(
  layout: ClusterLayout,
  spec: ComponentSpec,
  timeoutMs: number,
): Promise<HealthResult> {
  const deadline = Date.now() + timeoutMs;
  let record = await startComponent(layout, spec);
  let last: HealthResult = { healthy: false, detail: 'not started' };
  while (Date.now() < deadline) {
    last = await probe(spec.health);
    if (last.healthy) return last;
    if (!isSameProcessAlive(record)) {
      await sleep(1000);
      record = await startComponent(layout, spec);
    }
    await sleep(200);
  }
  return last;
}

/** The pod bridge with the node's address on it, so kubelet can bind and report it before any pod exists. */
async function ensureNodeBridge(): Promise<void> {
  const bridge = clusterNetwork.bridgeName;
  if ((await tryCommand('ip', ['link', 'show', bridge])).code !== 0) {
    await runCommand('ip', ['link', 'add', bridge, 'type', 'bridge']);
  }
  const prefix = clusterNetwork.podSubnet.split('/')[1] ?? '24';
  const addresses = await runCommand('ip', ['-o', 'addr', 'show', 'dev', bridge]);
  if (!addresses.includes(` ${clusterNetwork.podGateway}/`)) {
    await runCommand('ip', [
      'addr',
      'add',
      `${clusterNetwork.podGateway}/${prefix}`,
      'dev',
      bridge,
    ]);
  }
  await runCommand('ip', ['link', 'set', bridge, 'up']);
}

async function waitNodesReady(
  layout: ClusterLayout,
  tools: Toolchain,
  count: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const nodes = parseNodeReadiness(await kubectl(layout, tools, ['get', 'nodes', '-o', 'json']));
    const ready = nodes.filter((n) => n.ready).length;
    if (nodes.length >= count && ready >= count) return;
    last = `${ready} of ${count} nodes Ready (${
      nodes
        .filter((n) => !n.ready)
        .map((n) => n.name)
        .join(', ') || 'none registered yet'
    })`;
    await sleep(500);
  }
  throw new StateError(`nodes did not become Ready within ${timeoutMs / 1000}s: ${last}`, {
    hint: `read ${join(layout.logDir, 'kubelet.log')} and ${join(layout.logDir, 'containerd.log')}`,
  });
}
