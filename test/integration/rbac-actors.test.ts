import { beforeAll, describe, expect, it } from 'vitest';
import { tryCommand } from '../../src/exec/index.js';
import { createEngine, installSlipway, slipwayNamespace } from '../../src/gitops/index.js';
import { kubectl, layout, tools, useNamespace } from './support/cluster.js';

// Each of Slipway's actors, as the API server sees it after `slipway install`: it may do its
// job, and one step outside that job it is forbidden. Identities are impersonated with the
// groups a real ServiceAccount token carries, so grants to those groups would show up too.

type Actor = { readonly user: string; readonly namespace: string };

const slipwayActor = (name: string): Actor => ({
  user: `system:serviceaccount:${slipwayNamespace}:${name}`,
  namespace: slipwayNamespace,
});

function impersonate(actor: Actor): string[] {
  return [
    `--as=${actor.user}`,
    '--as-group=system:serviceaccounts',
    `--as-group=system:serviceaccounts:${actor.namespace}`,
    '--as-group=system:authenticated',
  ];
}

/** `kubectl auth can-i` as the actor: true for yes, false for no, an error for anything else. */
async function canI(actor: Actor, args: readonly string[]): Promise<boolean> {
  const result = await tryCommand(tools.bin.kubectl, [
    '--kubeconfig',
    layout.adminKubeconfig,
    'auth',
    'can-i',
    ...args,
    ...impersonate(actor),
  ]);
  const answer = result.stdout.trim();
  if (answer === 'yes' && result.code === 0) return true;
  if (answer === 'no' && result.code === 1) return false;
  throw new Error(`kubectl auth can-i ${args.join(' ')} said: ${result.stdout}${result.stderr}`);
}

/** A real request as the actor: creates a Job with server-side dry run; '' or the refusal. */
async function createJobAs(actor: Actor, namespace: string): Promise<string> {
  const job = JSON.stringify({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'rbac-actors-probe', namespace },
    spec: {
      template: {
        spec: { restartPolicy: 'Never', containers: [{ name: 'probe', image: 'pause' }] },
      },
    },
  });
  const result = await tryCommand(
    tools.bin.kubectl,
    [
      '--kubeconfig',
      layout.adminKubeconfig,
      'create',
      '--dry-run=server',
      '-f',
      '-',
      ...impersonate(actor),
    ],
    { input: job },
  );
  return result.code === 0 ? '' : result.stderr.trim();
}

const gitops = slipwayActor('slipway-gitops');
const rollouts = slipwayActor('slipway-rollouts');
const pipelines = slipwayActor('slipway-pipelines');
const retired = slipwayActor('slipway-controller');

describe('RBAC of Slipway actors after install', () => {
  const app = useNamespace('rbac-actors');
  const appPod = (): Actor => ({
    user: `system:serviceaccount:${app.name}:default`,
    namespace: app.name,
  });

  beforeAll(async () => {
    await installSlipway((await createEngine()).client);
  });

  it.each<[string, Actor, string[], boolean]>([
    [
      'gitops applies any kind anywhere',
      gitops,
      ['create', 'deployments.apps', '-n', 'default'],
      true,
    ],
    ['gitops prunes', gitops, ['delete', 'configmaps', '-n', 'kube-public'], true],
    [
      'rollouts updates status',
      rollouts,
      ['update', 'rollouts.slipway.dev', '--subresource=status', '-A'],
      true,
    ],
    ['rollouts makes ReplicaSets', rollouts, ['create', 'replicasets.apps', '-A'], true],
    ['rollouts shifts Service selectors', rollouts, ['patch', 'services', '-A'], true],
    [
      'rollouts weights HTTPRoutes',
      rollouts,
      ['patch', 'httproutes.gateway.networking.k8s.io', '-A'],
      true,
    ],
    [
      'rollouts makes canary Ingresses',
      rollouts,
      ['create', 'ingresses.networking.k8s.io', '-A'],
      true,
    ],
    ['rollouts restarts pods', rollouts, ['delete', 'pods', '-A'], true],
    ['rollouts runs analysis Jobs', rollouts, ['create', 'jobs.batch', '-A'], true],
    ['rollouts records events', rollouts, ['create', 'events', '-A'], true],
    ['rollouts cannot create Secrets', rollouts, ['create', 'secrets', '-A'], false],
    ['rollouts cannot list Secrets', rollouts, ['list', 'secrets', '-A'], false],
    ['rollouts cannot delete Namespaces', rollouts, ['delete', 'namespaces'], false],
    ['rollouts cannot change Deployments', rollouts, ['update', 'deployments.apps', '-A'], false],
    ['rollouts cannot grant itself more', rollouts, ['create', 'clusterrolebindings'], false],
    [
      'pipelines runs Jobs at home',
      pipelines,
      ['create', 'jobs.batch', '-n', slipwayNamespace],
      true,
    ],
    ['pipelines reads its Secrets', pipelines, ['list', 'secrets', '-n', slipwayNamespace], true],
    [
      'pipelines cannot run Jobs in default',
      pipelines,
      ['create', 'jobs.batch', '-n', 'default'],
      false,
    ],
    [
      'pipelines cannot list Secrets in default',
      pipelines,
      ['list', 'secrets', '-n', 'default'],
      false,
    ],
    [
      'pipelines cannot read pods at home',
      pipelines,
      ['get', 'pods', '-n', slipwayNamespace],
      false,
    ],
    ['the retired shared account has no grant left', retired, ['get', 'pods', '-A'], false],
  ])('%s', async (_what, actor, args, allowed) => {
    expect(await canI(actor, args)).toBe(allowed);
  });

  it.each<[string, string[]]>([
    ['get Secrets', ['get', 'secrets']],
    ['list Secrets', ['list', 'secrets']],
    ['get Pods', ['get', 'pods']],
    ['list ConfigMaps', ['list', 'configmaps']],
  ])("an app pod's default ServiceAccount cannot %s in its namespace", async (_what, args) => {
    expect(await canI(appPod(), [...args, '-n', app.name])).toBe(false);
  });

  it('lets the pipeline runner create a Job in slipway-system, and refuses it in default', async () => {
    expect(await createJobAs(pipelines, slipwayNamespace)).toBe('');
    const refused = await createJobAs(pipelines, 'default');
    expect(refused).toContain('forbidden');
    expect(refused).toContain(pipelines.user);
  });

  it("refuses an app pod's real request for the Secrets of its own namespace", async () => {
    const refused = await kubectl([
      '-n',
      app.name,
      'get',
      'secrets',
      ...impersonate(appPod()),
    ]).then(
      () => 'allowed',
      (error: unknown) => String(error),
    );
    expect(refused).toContain('forbidden');
  });
});
