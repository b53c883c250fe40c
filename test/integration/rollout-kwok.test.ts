import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { kwokNotReadyLabel } from '../../src/cluster/kwok-stages.js';
import { kubectl, layout, useNamespace, waitFor } from './support/cluster.js';
import { pauseImage } from './support/gitops.js';
import {
  getRollout,
  isHealthy,
  onKwok,
  patchStatus,
  pausedAt,
  replicaCounts,
  serviceYaml,
  useRolloutController,
  waitRollout,
} from './support/rollouts.js';

// Rollouts whose pods live on kwok nodes: the controller's behaviour without real containers —
// deadlines, restarts of the controller, rejected specs and the traffic routers.

type Canary = Record<string, unknown>;

function rolloutYaml(
  name: string,
  canary: Canary,
  options: {
    version?: string;
    replicas?: number;
    labels?: Record<string, string>;
    spec?: Record<string, unknown>;
  } = {},
): string {
  return stringify({
    apiVersion: 'slipway.dev/v1alpha1',
    kind: 'Rollout',
    metadata: { name },
    spec: {
      replicas: options.replicas ?? 5,
      selector: { matchLabels: { app: name } },
      strategy: { canary },
      template: {
        metadata: { labels: { app: name, ...options.labels } },
        spec: {
          ...onKwok,
          containers: [
            {
              name: 'main',
              image: pauseImage,
              env: [{ name: 'VERSION', value: options.version ?? 'v1' }],
            },
          ],
        },
      },
      ...options.spec,
    },
  });
}

const apply = (ns: string, yaml: string): Promise<string> =>
  kubectl(['-n', ns, 'apply', '-f', '-'], yaml);

async function setVersion(
  ns: string,
  name: string,
  version: string,
  labels: Record<string, string> = {},
): Promise<void> {
  await kubectl([
    '-n',
    ns,
    'patch',
    'rollouts.slipway.dev',
    name,
    '--type=merge',
    '-p',
    JSON.stringify({
      spec: {
        template: {
          metadata: { labels },
          spec: {
            containers: [
              { name: 'main', image: pauseImage, env: [{ name: 'VERSION', value: version }] },
            ],
          },
        },
      },
    }),
  ]);
}

const twoSteps = { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 40 }, { pause: {} }] };

describe('Rollouts on kwok nodes', () => {
  const ns = useNamespace('rollout-kwok');
  const controller = useRolloutController(() => [ns.name]);

  it('aborts a canary whose pods never become ready by progressDeadlineSeconds', async () => {
    await apply(
      ns.name,
      rolloutYaml('deadline', twoSteps, {
        spec: { progressDeadlineSeconds: 8, progressDeadlineAbort: true },
      }),
    );
    await waitRollout(ns.name, 'deadline', 'v1 Healthy', isHealthy);
    await setVersion(ns.name, 'deadline', 'v2', { [kwokNotReadyLabel]: 'true' });
    const aborted = await waitRollout(
      ns.name,
      'deadline',
      'aborted by the deadline',
      (r) => r.status?.abort === true && r.status.phase === 'Degraded',
      60_000,
    );
    expect(aborted.status?.message).toMatch(/RolloutAborted: .*has timed out progressing/);
    const counts = await replicaCounts(ns.name);
    expect(counts[aborted.status?.stableRS ?? '']).toBe(5);
    expect(counts[aborted.status?.currentPodHash ?? '']).toBe(0);
  });

  it('resumes at the same step after a controller restart, with no extra scaling', async () => {
    await apply(ns.name, rolloutYaml('resume', twoSteps));
    await waitRollout(ns.name, 'resume', 'v1 Healthy', isHealthy);
    await setVersion(ns.name, 'resume', 'v2');
    const paused = await waitRollout(ns.name, 'resume', 'paused at 20%', pausedAt(1));
    const generations = async (): Promise<string> =>
      kubectl([
        '-n',
        ns.name,
        'get',
        'replicasets',
        '-l',
        'app=resume',
        '-o',
        'jsonpath={range .items[*]}{.metadata.name}={.metadata.generation}/{.spec.replicas} {end}',
      ]);
    const before = await generations();
    controller.restart();
    await new Promise((r) => setTimeout(r, 4000));
    expect(await generations()).toBe(before);
    const after = await getRollout(ns.name, 'resume');
    expect(after.status?.currentStepIndex).toBe(1);
    expect(after.status?.pauseConditions).toEqual(paused.status?.pauseConditions);

    await patchStatus(ns.name, 'resume', { pauseConditions: null });
    const next = await waitRollout(ns.name, 'resume', 'paused at 40%', pausedAt(3));
    const counts = await replicaCounts(ns.name);
    expect(counts[next.status?.currentPodHash ?? '']).toBe(2);
    expect(counts[next.status?.stableRS ?? '']).toBe(3);
  });

  it.each([
    [
      'a weight above 100',
      'weight',
      { steps: [{ setWeight: 120 }] },
      {},
      /spec\.strategy\.canary\.steps\[0\]\.setWeight: 120 is not a percentage/,
    ],
    [
      'a decreasing weight',
      'decrease',
      { steps: [{ setWeight: 50 }, { setWeight: 20 }] },
      {},
      /steps\[1\]\.setWeight: 20 is below the 50/,
    ],
    [
      'a missing canary Service',
      'nosvc',
      { canaryService: 'missing', steps: [{ setWeight: 20 }] },
      {},
      /spec\.strategy\.canary\.canaryService: Service "missing" not found/,
    ],
    [
      'an unknown analysis template',
      'notemplate',
      { steps: [{ analysis: { templates: [{ templateName: 'nowhere' }] } }] },
      {},
      /steps\[0\]\.analysis\.templates\[0\]\.templateName: AnalysisTemplate "nowhere" not found/,
    ],
    [
      'a selector that misses the template',
      'selector',
      twoSteps,
      { selector: { matchLabels: { app: 'other' } } },
      /spec\.selector: does not match the template's labels/,
    ],
  ])(
    'rejects %s before anything is scaled, naming the field',
    async (_what, name, canary, spec, message) => {
      await apply(ns.name, rolloutYaml(`bad-${name}`, canary, { spec }));
      const rejected = await waitRollout(
        ns.name,
        `bad-${name}`,
        'InvalidSpec',
        (r) => r.status?.phase === 'Degraded',
      );
      expect(rejected.status?.message).toMatch(message);
      expect(rejected.status?.conditions?.find((c) => c.type === 'InvalidSpec')?.status).toBe(
        'True',
      );
      const sets = await kubectl([
        '-n',
        ns.name,
        'get',
        'replicasets',
        '-l',
        `app=bad-${name}`,
        '-o',
        'name',
      ]);
      expect(sets.trim()).toBe('');
    },
  );

  it('nginx: a generated canary Ingress carries the canary weight', async () => {
    await apply(
      ns.name,
      [
        serviceYaml('ng-stable', { app: 'ng' }),
        serviceYaml('ng-canary', { app: 'ng' }),
        stringify({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name: 'ng' },
          spec: {
            ingressClassName: 'nginx',
            rules: [
              {
                host: 'ng.local',
                http: {
                  paths: [
                    {
                      path: '/',
                      pathType: 'Prefix',
                      backend: { service: { name: 'ng-stable', port: { number: 80 } } },
                    },
                  ],
                },
              },
            ],
          },
        }),
        rolloutYaml('ng', {
          ...twoSteps,
          canaryService: 'ng-canary',
          stableService: 'ng-stable',
          scaleDownDelaySeconds: 2,
          trafficRouting: { nginx: { stableIngress: 'ng' } },
        }),
      ].join('---\n'),
    );
    await waitRollout(ns.name, 'ng', 'v1 Healthy', isHealthy);
    await setVersion(ns.name, 'ng', 'v2');
    const paused = await waitRollout(ns.name, 'ng', 'paused at 20%', pausedAt(1));
    const canaryIngress = JSON.parse(
      await kubectl(['-n', ns.name, 'get', 'ingress', 'ng-ng-canary', '-o', 'json']),
    ) as {
      metadata: { annotations: Record<string, string> };
      spec: { rules: { http: { paths: { backend: { service: { name: string } } }[] } }[] };
    };
    expect(canaryIngress.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '20',
    });
    expect(canaryIngress.spec.rules[0]?.http.paths[0]?.backend.service.name).toBe('ng-canary');
    const counts = await replicaCounts(ns.name);
    expect(counts[paused.status?.stableRS ?? '']).toBe(5);
    expect(counts[paused.status?.currentPodHash ?? '']).toBe(1);

    await patchStatus(ns.name, 'ng', { promoteFull: true });
    await waitRollout(ns.name, 'ng', 'Healthy after promote --full', isHealthy);
    await waitFor('the old stable scaled down after scaleDownDelaySeconds', 30_000, async () =>
      Object.values(await replicaCounts(ns.name)).includes(0) ? true : undefined,
    );
    const weight = await kubectl([
      '-n',
      ns.name,
      'get',
      'ingress',
      'ng-ng-canary',
      '-o',
      'jsonpath={.metadata.annotations.nginx\\.ingress\\.kubernetes\\.io/canary-weight}',
    ]);
    expect(weight.trim()).toBe('0');
  });

  it('Gateway API: the HTTPRoute backends carry the stable and canary weights', async () => {
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      await readFile(join(layout.cacheDir, 'crds', 'gateway-api-v1.4.1.yaml'), 'utf8'),
    );
    await waitFor('the HTTPRoute CRD Established', 60_000, async () =>
      (
        await kubectl([
          'get',
          'crd',
          'httproutes.gateway.networking.k8s.io',
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Established")].status}',
        ])
      ).trim() === 'True'
        ? true
        : undefined,
    );
    await apply(
      ns.name,
      [
        serviceYaml('gw-stable', { app: 'gw' }),
        serviceYaml('gw-canary', { app: 'gw' }),
        stringify({
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'HTTPRoute',
          metadata: { name: 'gw' },
          spec: {
            parentRefs: [{ name: 'shared-gateway' }],
            rules: [
              {
                backendRefs: [
                  { name: 'gw-stable', port: 80 },
                  { name: 'gw-canary', port: 80, weight: 0 },
                ],
              },
            ],
          },
        }),
        rolloutYaml('gw', {
          ...twoSteps,
          canaryService: 'gw-canary',
          stableService: 'gw-stable',
          trafficRouting: { gatewayAPI: { httpRoute: 'gw' } },
        }),
      ].join('---\n'),
    );
    await waitRollout(ns.name, 'gw', 'v1 Healthy', isHealthy);
    await setVersion(ns.name, 'gw', 'v2');
    await waitRollout(ns.name, 'gw', 'paused at 20%', pausedAt(1));
    const weights = await kubectl([
      '-n',
      ns.name,
      'get',
      'httproute',
      'gw',
      '-o',
      'jsonpath={range .spec.rules[0].backendRefs[*]}{.name}={.weight} {end}',
    ]);
    expect(weights.trim()).toBe('gw-stable=80 gw-canary=20');
  });

  it("runs Argo Rollouts' rollout-canary example with only apiVersion and image changed", async () => {
    const example = (
      await readFile(join(import.meta.dirname, '../fixtures/argo-rollout-canary.yaml'), 'utf8')
    )
      .replace('argoproj.io/v1alpha1', 'slipway.dev/v1alpha1')
      .replace('argoproj/rollouts-demo:blue', pauseImage);
    // Placed on kwok nodes so the test does not need the demo image; the manifest is otherwise Argo's.
    const onKwokExample = example.replace(
      '    spec:\n      containers:',
      `    spec:\n      nodeSelector: {type: kwok}\n      tolerations: [{key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule}]\n      containers:`,
    );
    await apply(ns.name, onKwokExample);
    await waitRollout(ns.name, 'rollout-canary', 'Healthy', isHealthy);
    await kubectl([
      '-n',
      ns.name,
      'patch',
      'rollouts.slipway.dev',
      'rollout-canary',
      '--type=json',
      '-p',
      JSON.stringify([
        { op: 'add', path: '/spec/template/metadata/annotations', value: { version: 'green' } },
      ]),
    ]);
    const paused = await waitRollout(ns.name, 'rollout-canary', 'paused at 20%', pausedAt(1));
    expect(paused.status?.canary?.weights?.canary.weight).toBe(20);
    await patchStatus(ns.name, 'rollout-canary', { pauseConditions: null });
    const timed = await waitRollout(
      ns.name,
      'rollout-canary',
      'in the 40 s pause at 40%',
      pausedAt(3),
    );
    expect(timed.status?.pauseConditions?.[0]?.reason).toBe('CanaryPauseStep');
    await patchStatus(ns.name, 'rollout-canary', { promoteFull: true });
    await waitRollout(ns.name, 'rollout-canary', 'Healthy after promote --full', isHealthy);
  });
});
