import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { registryAddress } from '../../src/cluster/index.js';
import { buildSmokeImage, type BuiltImage } from '../../src/demo/index.js';
import { runCommand, tryCommand } from '../../src/exec/index.js';
import type { TriggerEvent } from '../../src/pipeline/plan/index.js';
import {
  isDnsLabel,
  PreviewManager,
  previewNamespace,
  SqlitePreviewStore,
  type PreviewManagerOptions,
  type PreviewTarget,
  type PushedImage,
} from '../../src/preview/index.js';
import type { RunRecord } from '../../src/store/index.js';
import { cli } from './support/cli.js';
import { existing, kubectl, useNamespace, waitFor, waitGone } from './support/cluster.js';
import { GitFixture } from './support/git-fixture.js';
import { getApp, useController } from './support/gitops.js';

// Previews per pull request on the real cluster: an in-process GitOps controller syncs each
// preview's Application from a config repository (the smoke app: a Deployment and a Service),
// with the pull request's image swapped in by digest. Each pull request pushes its canary tag
// to its own registry repository, so deleting one tag's manifest never touches another's.

const suffix = randomBytes(3).toString('hex');
const app = `hello-${suffix}`;
const registryBase = `${registryAddress}/preview-${suffix}`;
/** The image name the config uses; each pull request's image replaces it. */
const configImage = `${registryBase}/hello`;
const appRepo = `https://git.example/acme/${app}.git`;

function configFiles(service: 'NodePort' | 'ClusterIP'): string {
  const labels = { 'app.kubernetes.io/name': 'hello' };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'hello', labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 0,
          containers: [
            {
              name: 'hello',
              image: `${configImage}:initial`,
              ports: [{ name: 'http', containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 1 },
              resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
            },
          ],
        },
      },
    },
  };
  const svc = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'hello', labels },
    spec: {
      type: service,
      selector: labels,
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  };
  return [deployment, svc].map((d) => stringify(d)).join('---\n');
}

const kustomization = stringify({
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
  resources: ['app.yaml'],
  images: [{ name: configImage, newTag: 'initial' }],
});

const prEvent = (pr: number, sha: string, branch = 'feature/x'): TriggerEvent => ({
  kind: 'pull_request',
  action: 'synchronize',
  ref: `refs/pull/${pr}/head`,
  branch,
  baseBranch: 'main',
  sha,
  pr: { number: pr },
});

const sha = (c: string): string => c.repeat(40).slice(0, 40);

/** A finished pr-open run as the trigger reports it, with its image-push step's outputs. */
function prRun(event: TriggerEvent, image: PushedImage, createdAt = new Date()): RunRecord {
  return {
    id: `run-${randomBytes(4).toString('hex')}`,
    pipeline: 'pr-open',
    repo: appRepo,
    event,
    status: 'succeeded',
    concurrencyGroup: undefined,
    cancelRequested: false,
    createdAt: createdAt.toISOString(),
    startedAt: createdAt.toISOString(),
    finishedAt: new Date().toISOString(),
    owner: undefined,
    summary: {
      file: 'pr-open.yaml',
      reason: '',
      failures: [],
      jobs: [
        {
          id: 'container',
          name: 'build stage (container)',
          status: 'succeeded',
          outputs: {},
          container: undefined,
          steps: [
            {
              index: 0,
              id: 'push',
              name: 'push',
              uses: 'slipway/image-push',
              status: 'success',
              outputs: { digest: image.digest, ref: image.ref },
            },
          ],
        },
      ],
    },
  };
}

async function tagExists(repository: string, tag: string): Promise<boolean> {
  const result = await tryCommand('skopeo', [
    'inspect',
    '--raw',
    '--tls-verify=false',
    `docker://${repository}:${tag}`,
  ]);
  return result.code === 0;
}

async function namespaceLabels(name: string): Promise<Record<string, string>> {
  const ns = JSON.parse(await kubectl(['get', 'namespace', name, '-o', 'json'])) as {
    metadata: { labels?: Record<string, string> };
  };
  return ns.metadata.labels ?? {};
}

describe('preview environments per pull request', () => {
  const apps = useNamespace('previews');
  const { deps } = useController(() => [apps.name]);
  let config: GitFixture;
  let smoke: BuiltImage;
  let stateDir: string;
  let store: SqlitePreviewStore;
  const target = (): PreviewTarget => ({
    app,
    repo: appRepo,
    config: { repoURL: config.url, path: 'nodeport' },
    image: configImage,
  });
  const manager = (options: Partial<PreviewManagerOptions> = {}): PreviewManager =>
    new PreviewManager({
      client: deps().client,
      store,
      targets: [target()],
      applicationNamespace: apps.name,
      readyTimeoutMs: 150_000,
      deleteTimeoutMs: 90_000,
      ...options,
    });
  /** What pr-open.yaml pushes: the PR's canary tag, here in a repository of its own. */
  const pushCanary = async (pr: number, repoName = `pr-${pr}`): Promise<PushedImage> => {
    const repository = `${registryBase}/${repoName}`;
    await runCommand('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `docker://${smoke.repository}@${smoke.digest}`,
      `docker://${repository}:canary-pr-${pr}`,
    ]);
    return { repository, digest: smoke.digest, ref: `${repository}@${smoke.digest}` };
  };
  const appRef = (namespace: string): Promise<string> =>
    existing(apps.name, 'applications.slipway.dev', namespace);

  beforeAll(async () => {
    smoke = await buildSmokeImage(registryAddress, `preview-${suffix}`);
    config = await GitFixture.create({
      'nodeport/kustomization.yaml': kustomization,
      'nodeport/app.yaml': configFiles('NodePort'),
      'clusterip/kustomization.yaml': kustomization,
      'clusterip/app.yaml': configFiles('ClusterIP'),
    });
    stateDir = await mkdtemp(join(tmpdir(), 'slipway-preview-'));
    store = SqlitePreviewStore.open(join(stateDir, 'slipway.db'));
  });

  afterAll(async () => {
    store.close();
    // Whatever a failed test left: this file's namespaces all carry its suffix.
    const left = (await kubectl(['get', 'namespaces', '-o', 'name']))
      .split('\n')
      .filter((n) => n.includes(suffix));
    if (left.length > 0) await kubectl(['delete', ...left, '--wait=false']).catch(() => undefined);
    await config.remove();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('opens a preview from a non-DNS-safe branch: namespace, Synced Application, a URL that answers', async () => {
    const image = await pushCanary(41);
    const event = prEvent(41, sha('a'), 'Feature/FR-1206_Dynamic Images!');
    const outcome = await manager().onPipelineResult({ event, run: prRun(event, image) });

    const namespace = `pr-41-${app}`;
    expect(outcome).toMatchObject({ app, pr: 41, action: 'create' });
    expect(outcome.preview).toMatchObject({ namespace, status: 'Ready', sha: sha('a') });
    expect(await namespaceLabels(namespace)).toMatchObject({
      'slipway.dev/preview-pr': '41',
      'slipway.dev/preview-app': app,
    });
    const application = await getApp(apps.name, namespace);
    expect(application.status?.sync?.status).toBe('Synced');
    expect(application.status?.health?.status).toBe('Healthy');
    expect(application.metadata.finalizers).toEqual(['resources-finalizer.slipway.dev']);
    expect(application.metadata.annotations?.['slipway.dev/preview-branch']).toBe(
      'Feature/FR-1206_Dynamic Images!',
    );
    const source = (application.spec as { source: { kustomize: { images: string[] } } }).source;
    expect(source.kustomize.images).toEqual([`${configImage}=${image.ref}`]);
    const podImage = await kubectl([
      '-n',
      namespace,
      'get',
      'deployment/hello',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ]);
    expect(podImage).toBe(image.ref);

    const url = outcome.preview?.url ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(application.metadata.annotations?.['slipway.dev/preview-url']).toBe(url);
    const res = await waitFor('the preview URL to answer', 30_000, async () => {
      const r = await fetch(url);
      return r.status === 200 ? r : undefined;
    });
    expect(await res.text()).toMatch(/^hello from slipway on hello-/);

    const list = await cli('preview', 'list', '--state-dir', stateDir);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^PR\s+APP\s+NAMESPACE\s+URL\s+STATUS\s+AGE\s+EXPIRES$/m);
    expect(list.out).toMatch(
      new RegExp(
        `^41\\s+${app}\\s+${namespace}\\s+${url.replace(/[.]/g, '\\.')}\\s+Ready\\s+\\d+[sm]\\s+in 2d23h$`,
        'm',
      ),
    );
  });

  it('updates the preview to a newer commit; an older commit finishing later is ignored', async () => {
    const namespace = `pr-41-${app}`;
    const older = prEvent(41, sha('b'));
    const olderRun = prRun(older, await pushCanary(41), new Date(Date.now() - 1000));
    const newer = prEvent(41, sha('c'));
    const image = await pushCanary(41, 'pr-41-c');
    const outcome = await manager().onPipelineResult({ event: newer, run: prRun(newer, image) });
    expect(outcome).toMatchObject({
      action: 'update',
      preview: { status: 'Ready', sha: sha('c') },
    });
    const application = await getApp(apps.name, namespace);
    expect(application.metadata.annotations?.['slipway.dev/preview-sha']).toBe(sha('c'));
    expect(
      (application.spec as { source: { kustomize: { images: string[] } } }).source.kustomize.images,
    ).toEqual([`${configImage}=${image.ref}`]);

    // b's run started before c's but finished after it: the newest sha stays.
    const late = await manager().onPipelineResult({ event: older, run: olderRun });
    expect(late.action).toBe('ignore');
    expect(late.reason).toContain('the newest commit wins');
    expect(store.get(app, 41)?.sha).toBe(sha('c'));
  });

  it('closes: the Application, its resources, the namespace and the image tags go', async () => {
    const namespace = `pr-41-${app}`;
    expect(await tagExists(`${registryBase}/pr-41-c`, 'canary-pr-41')).toBe(true);
    const [outcome] = await manager().onPullRequestClosed({
      repoUrls: [appRepo],
      event: { ...prEvent(41, sha('c')), action: 'closed', pr: { number: 41, merged: true } },
    });
    expect(outcome).toMatchObject({ action: 'delete', preview: { status: 'Deleted' } });
    expect(outcome?.reason).toBe('pull request #41 merged');
    expect(await appRef(namespace)).toBe('');
    await waitGone('', 'namespace', namespace, 90_000);
    expect(await tagExists(`${registryBase}/pr-41-c`, 'canary-pr-41')).toBe(false);

    const list = await cli('preview', 'list', '--state-dir', stateDir);
    expect(list.out).toBe('no previews');
  });

  it('a close before the open finished wins: the late result is discarded, nothing is left', async () => {
    const namespace = `pr-43-${app}`;
    const event = prEvent(43, sha('d'));
    const runStarted = new Date();
    const [closed] = await manager().onPullRequestClosed({
      repoUrls: [appRepo],
      event: { ...event, action: 'closed' },
    });
    expect(closed?.reason).toContain('before any preview was made');
    // The pipeline still pushes its tag, then reports.
    const image = await pushCanary(43);
    const late = await manager().onPipelineResult({ event, run: prRun(event, image, runStarted) });
    expect(late.action).toBe('delete');
    expect(late.reason).toContain('its late result is discarded');
    expect(await appRef(namespace)).toBe('');
    expect(await existing('', 'namespace', namespace)).toBe('');
    expect(await tagExists(image.repository, 'canary-pr-43')).toBe(false);
  });

  it('a close during the create interrupts it and deletes what was made', async () => {
    const namespace = `pr-44-${app}`;
    const event = prEvent(44, sha('e'));
    const previews = manager();
    const image = await pushCanary(44);
    const opening = previews.onPipelineResult({ event, run: prRun(event, image) });
    await waitFor('the preview Application', 30_000, async () =>
      (await appRef(namespace)) === '' ? undefined : true,
    );
    const closing = previews.onPullRequestClosed({
      repoUrls: [appRepo],
      event: { ...event, action: 'closed' },
    });
    const [opened, [closed]] = await Promise.all([opening, closing]);
    expect(opened.reason).toContain('a newer event took over');
    expect(closed?.preview?.status).toBe('Deleted');
    expect(await appRef(namespace)).toBe('');
    await waitGone('', 'namespace', namespace, 90_000);
    expect(store.get(app, 44)?.status).toBe('Deleted');
  });

  it('fits an over-long app name into a valid namespace and exposes a ClusterIP-only config', async () => {
    const longApp = `${app}_Frontend.Service-With-A-Very-Long-Name-Indeed-For-Previews`;
    const namespace = previewNamespace(45, longApp);
    expect(isDnsLabel(namespace)).toBe(true);
    expect(namespace).toHaveLength(63);
    const previews = manager({
      targets: [{ ...target(), app: longApp, config: { repoURL: config.url, path: 'clusterip' } }],
    });
    const event = prEvent(45, sha('f'), 'users/Émile/fix#12');
    const outcome = await previews.onPipelineResult({
      event,
      run: prRun(event, await pushCanary(45)),
    });
    expect(outcome.preview).toMatchObject({ namespace, status: 'Ready' });
    expect(
      await kubectl(['-n', namespace, 'get', 'service/preview', '-o', 'jsonpath={.spec.type}']),
    ).toBe('NodePort');
    const res = await waitFor('the preview URL to answer', 30_000, async () => {
      const r = await fetch(outcome.preview?.url ?? '');
      return r.status === 200 ? r : undefined;
    });
    expect(res.status).toBe(200);

    const deleted = await cli('preview', 'delete', '45', '--app', longApp, '--state-dir', stateDir);
    expect(deleted.err).toBe('');
    expect(deleted.out).toBe(`preview ${namespace} (PR #45 of ${longApp}) deleted`);
    expect(deleted.code).toBe(0);
    expect(await appRef(namespace)).toBe('');
    await waitGone('', 'namespace', namespace, 90_000);
  });

  it('a namespace owned by another preview is refused: Failed, no Application', async () => {
    const namespace = `pr-46-${app}`;
    await kubectl(['create', 'namespace', namespace]);
    await kubectl(['label', 'namespace', namespace, 'slipway.dev/preview-pr=47']);
    const event = prEvent(46, sha('1'));
    const outcome = await manager().onPipelineResult({
      event,
      run: prRun(event, await pushCanary(46)),
    });
    expect(outcome.preview?.status).toBe('Failed');
    expect(outcome.preview?.message).toContain(
      `namespace "${namespace}" already exists and it belongs to the preview of PR #47`,
    );
    expect(await appRef(namespace)).toBe('');
    // Not Slipway's to delete, even on close.
    await manager().onPullRequestClosed({
      repoUrls: [appRepo],
      event: { ...event, action: 'closed' },
    });
    expect(await existing('', 'namespace', namespace)).toBe(`namespace/${namespace}`);
    await kubectl(['delete', 'namespace', namespace, '--wait=false']);
  });

  it('the API refusing the namespace (an admission policy) leaves Failed with its message and no orphans', async () => {
    const namespace = `pr-48-${app}`;
    const policy = `slipway-preview-deny-${suffix}`;
    await kubectl(
      ['apply', '-f', '-'],
      [
        stringify({
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingAdmissionPolicy',
          metadata: { name: policy },
          spec: {
            failurePolicy: 'Fail',
            matchConstraints: {
              resourceRules: [
                {
                  apiGroups: [''],
                  apiVersions: ['v1'],
                  operations: ['CREATE'],
                  resources: ['namespaces'],
                },
              ],
            },
            validations: [
              {
                expression: `object.metadata.name != '${namespace}'`,
                message: 'preview namespaces need an approved quota first',
              },
            ],
          },
        }),
        stringify({
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingAdmissionPolicyBinding',
          metadata: { name: policy },
          spec: { policyName: policy, validationActions: ['Deny'] },
        }),
      ].join('---\n'),
    );
    try {
      await waitFor('the admission policy to refuse the namespace', 30_000, async () => {
        const probe = await tryCommand('kubectl', [
          'create',
          'namespace',
          namespace,
          '--dry-run=server',
        ]);
        return probe.code !== 0 ? true : undefined;
      });
      const event = prEvent(48, sha('2'));
      const outcome = await manager().onPipelineResult({
        event,
        run: prRun(event, await pushCanary(48)),
      });
      expect(outcome.preview?.status).toBe('Failed');
      expect(outcome.preview?.message).toContain(`the cluster refused namespace "${namespace}"`);
      expect(outcome.preview?.message).toContain('preview namespaces need an approved quota first');
      expect(await appRef(namespace)).toBe('');
      expect(await existing('', 'namespace', namespace)).toBe('');
      const list = await cli('preview', 'list', '--state-dir', stateDir);
      expect(list.out).toMatch(new RegExp(`^48\\s+${app}\\s+${namespace}\\s+-\\s+Failed`, 'm'));
    } finally {
      await kubectl([
        'delete',
        'validatingadmissionpolicybinding,validatingadmissionpolicy',
        policy,
        '--ignore-not-found',
      ]);
    }
  });

  it('refuses a preview over the limit, naming it and the oldest; the TTL sweep deletes expired ones', async () => {
    const event = prEvent(50, sha('3'));
    const outcome = await manager().onPipelineResult({
      event,
      run: prRun(event, await pushCanary(50)),
    });
    expect(outcome.preview?.status).toBe('Ready');
    const namespace = `pr-50-${app}`;

    const refusedEvent = prEvent(51, sha('4'));
    const refused = await manager({ limit: 1 }).onPipelineResult({
      event: refusedEvent,
      run: prRun(refusedEvent, await pushCanary(51)),
    });
    expect(refused.preview?.status).toBe('Failed');
    expect(refused.preview?.message).toContain(
      `the limit of 1 concurrent preview is reached (${namespace}); the oldest is ${namespace} (PR #50 of ${app}`,
    );
    expect(refused.preview?.message).toContain(`slipway preview delete 50 --app ${app}`);
    expect(await existing('', 'namespace', `pr-51-${app}`)).toBe('');

    // 73 hours later: past the 72 h TTL.
    const later = manager({ now: () => new Date(Date.now() + 73 * 3600_000) });
    const swept = await later.sweep();
    expect(swept.map((s) => [s.pr, s.action, s.preview?.status])).toContainEqual([
      50,
      'delete',
      'Deleted',
    ]);
    expect(swept.find((s) => s.pr === 50)?.reason).toBe('expired: no update for 72 h (TTL)');
    expect(await appRef(namespace)).toBe('');
    await waitGone('', 'namespace', namespace, 90_000);
    expect(await tagExists(`${registryBase}/pr-50`, 'canary-pr-50')).toBe(false);
  });
});
