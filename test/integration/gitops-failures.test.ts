import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cli } from './support/cli.js';
import { GitFixture } from './support/git-fixture.js';
import { kubectl, useNamespace } from './support/cluster.js';
import {
  configMapYaml,
  createApp,
  deploymentYaml,
  refresh,
  syncedAndHealthy,
  useController,
  waitApp,
} from './support/gitops.js';

const conditionOf =
  (type: string) => (a: { status?: { conditions?: { type: string; message: string }[] } }) =>
    a.status?.conditions?.find((c) => c.type === type)?.message;

describe('the seed Application and failures an operator must be told about', () => {
  const ns = useNamespace('gitops-fail');
  useController(() => [ns.name]);
  let repo: GitFixture;
  beforeAll(async () => {
    repo = await GitFixture.create({
      'apps/python-app/deploy.yaml': deploymentYaml('python-app'),
      'crd-missing/widget.yaml': stringify({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
        spec: {},
      }),
      'immutable/deploy.yaml': deploymentYaml('fixed'),
    });
  });
  afterAll(async () => repo.remove());

  it('accepts the seed manifest with only apiVersion changed, and reports its unreachable repo', async () => {
    const seed = readFileSync(
      new URL('../fixtures/seed-application.yaml', import.meta.url),
      'utf8',
    );
    const manifest =
      /apiVersion: argoproj\.io\/v1alpha1\nkind: Application\n[\s\S]*?selfHeal: true\n/.exec(
        seed,
      )?.[0];
    expect(manifest).toBeDefined();
    const ours = (manifest ?? '')
      .replace('argoproj.io/v1alpha1', 'slipway.dev/v1alpha1')
      .replace('namespace: argocd', `namespace: ${ns.name}`);
    await kubectl(['apply', '-f', '-'], ours);
    const app = await waitApp(
      ns.name,
      'python-app',
      'a ComparisonError',
      (a) => conditionOf('ComparisonError')(a) !== undefined,
    );
    expect(conditionOf('ComparisonError')(app)).toMatch(/github\.com\/your-org\/k8s-manifests/);
    expect(app.status?.sync?.status).toBe('Unknown');

    // The same manifest pointed at a reachable copy of the repo syncs and becomes healthy.
    await kubectl([
      '-n',
      ns.name,
      'patch',
      'applications.slipway.dev',
      'python-app',
      '--type=merge',
      '-p',
      JSON.stringify({
        spec: { source: { repoURL: repo.url }, destination: { namespace: ns.name } },
      }),
    ]);
    const synced = await waitApp(ns.name, 'python-app', 'Synced and Healthy', syncedAndHealthy);
    expect(synced.status?.conditions).toEqual([]);
  });

  it('names a revision that does not exist', async () => {
    await createApp(ns.name, 'norev', {
      repoURL: repo.url,
      path: 'apps/python-app',
      namespace: ns.name,
      automated: {},
    });
    await kubectl([
      '-n',
      ns.name,
      'patch',
      'applications.slipway.dev',
      'norev',
      '--type=merge',
      '-p',
      '{"spec":{"source":{"targetRevision":"no-such-branch"}}}',
    ]);
    const app = await waitApp(ns.name, 'norev', 'a ComparisonError', (a) =>
      /no-such-branch/.test(conditionOf('ComparisonError')(a) ?? ''),
    );
    expect(conditionOf('ComparisonError')(app)).toMatch(/revision 'no-such-branch' not found/);
  });

  it('names a kind the cluster does not have (a missing CRD)', async () => {
    await createApp(ns.name, 'nocrd', {
      repoURL: repo.url,
      path: 'crd-missing',
      namespace: ns.name,
      automated: {},
    });
    const app = await waitApp(
      ns.name,
      'nocrd',
      'a ComparisonError',
      (a) => conditionOf('ComparisonError')(a) !== undefined,
    );
    expect(conditionOf('ComparisonError')(app)).toContain(
      'the cluster has no kind Widget in example.com/v1',
    );
  });

  it('reports an immutable-field change as a failed sync and keeps the running Deployment', async () => {
    await createApp(ns.name, 'immutable', {
      repoURL: repo.url,
      path: 'immutable',
      namespace: ns.name,
      automated: {},
    });
    await waitApp(ns.name, 'immutable', 'synced', syncedAndHealthy);
    const uid = await kubectl([
      '-n',
      ns.name,
      'get',
      'deployment/fixed',
      '-o',
      'jsonpath={.metadata.uid}',
    ]);
    const changed = deploymentYaml('fixed').replace(/app: fixed/g, 'app: renamed');
    await repo.commit('change the selector', {
      'immutable/deploy.yaml': changed,
      'apps/python-app/unrelated.yaml': configMapYaml('x', { a: '1' }),
    });
    await refresh(ns.name, 'immutable');
    const app = await waitApp(
      ns.name,
      'immutable',
      'a SyncError',
      (a) => conditionOf('SyncError')(a) !== undefined,
    );
    expect(conditionOf('SyncError')(app)).toMatch(/field is immutable/);
    expect(app.status?.operationState?.phase).toBe('Failed');
    const sync = await cli('app', 'sync', 'immutable', '-n', ns.name, '--timeout', '60s');
    expect(sync.code).toBe(1);
    expect(sync.out).toMatch(/^Failed: one or more objects failed to apply: .*field is immutable/m);
    expect(
      await kubectl(['-n', ns.name, 'get', 'deployment/fixed', '-o', 'jsonpath={.metadata.uid}']),
    ).toBe(uid);
  });

  it('refuses an Application without a source at the API, naming the field', async () => {
    const invalid = stringify({
      apiVersion: 'slipway.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: 'nosource', namespace: ns.name },
      spec: { destination: { namespace: ns.name } },
    });
    await expect(kubectl(['apply', '-f', '-'], invalid)).rejects.toThrow(
      /spec\.source: Required value/,
    );
  });
});
