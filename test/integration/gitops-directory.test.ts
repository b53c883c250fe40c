import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';
import { GitFixture } from './support/git-fixture.js';
import { kubectl, useNamespace, waitFor, waitGone } from './support/cluster.js';
import {
  configMapYaml,
  createApp,
  deploymentYaml,
  getApp,
  refresh,
  syncedAndHealthy,
  useController,
  waitApp,
} from './support/gitops.js';

const jsonpath = async (ns: string, what: string, path: string): Promise<string> =>
  kubectl(['-n', ns, 'get', what, '-o', `jsonpath=${path}`]);

describe('a directory Application', () => {
  const ns = useNamespace('gitops-dir');
  useController(() => [ns.name]);
  let repo: GitFixture;
  beforeAll(async () => {
    repo = await GitFixture.create({
      'apps/web/deploy.yaml': deploymentYaml('web', { replicas: 2 }),
      'apps/web/config.yaml': configMapYaml('web-config', { greeting: 'hello' }),
      'apps/web/extra.yaml': configMapYaml('web-extra', { a: '1' }),
      'apps/web/README.md': 'not a manifest',
    });
  });
  afterAll(async () => repo.remove());

  it('syncs from Git, records status, history and tracking, then prunes a removed file', async () => {
    await createApp(ns.name, 'web', {
      repoURL: repo.url,
      path: 'apps/web',
      namespace: ns.name,
      automated: { prune: true, selfHeal: true },
    });
    const app = await waitApp(ns.name, 'web', 'Synced and Healthy', syncedAndHealthy);
    const head = (await repo.git('rev-parse', 'HEAD')).trim();
    expect(app.status?.sync?.revision).toBe(head);
    expect(app.status?.sourceType).toBe('Directory');
    expect(app.status?.history?.map((h) => h.revision)).toEqual([head]);
    expect(app.status?.operationState?.phase).toBe('Succeeded');
    expect(app.status?.resources?.map((r) => `${r.kind}/${r.name}:${r.status}`).sort()).toEqual([
      'ConfigMap/web-config:Synced',
      'ConfigMap/web-extra:Synced',
      'Deployment/web:Synced',
    ]);
    expect(await jsonpath(ns.name, 'deployment/web', '{.status.readyReplicas}')).toBe('2');
    expect(
      await jsonpath(
        ns.name,
        'configmap/web-config',
        "{.metadata.annotations['slipway\\.dev/tracking-id']}",
      ),
    ).toBe(`${ns.name}/web`);

    const next = await repo.commit('drop extra', { 'apps/web/extra.yaml': null });
    await refresh(ns.name, 'web');
    await waitApp(
      ns.name,
      'web',
      'the new revision synced',
      (a) => a.status?.sync?.revision === next && syncedAndHealthy(a),
    );
    await waitGone(ns.name, 'configmap', 'web-extra');
    const pruned = await getApp(ns.name, 'web');
    expect(
      pruned.status?.operationState?.syncResult?.resources.find((r) => r.name === 'web-extra')
        ?.status,
    ).toBe('Pruned');
    expect(pruned.status?.history).toHaveLength(2);
  });

  it('self-heals a manual kubectl scale within seconds', async () => {
    await kubectl(['-n', ns.name, 'scale', 'deployment/web', '--replicas=5']);
    const healed = await waitFor('replicas back to 2', 30_000, async () =>
      (await jsonpath(ns.name, 'deployment/web', '{.spec.replicas}')) === '2' ? true : undefined,
    );
    expect(healed).toBe(true);
  });

  it('a broken commit leaves the running workload untouched and says where the YAML is wrong', async () => {
    const before = await jsonpath(
      ns.name,
      'deployment/web',
      '{.metadata.uid} {.metadata.generation}',
    );
    await repo.commit('break it', {
      'apps/web/deploy.yaml': `${deploymentYaml('web', { replicas: 3 })}\n  broken: [unclosed\n`,
      'apps/web/config.yaml': null,
    });
    await refresh(ns.name, 'web');
    const app = await waitApp(
      ns.name,
      'web',
      'a ComparisonError',
      (a) => a.status?.conditions?.some((c) => c.type === 'ComparisonError') === true,
    );
    const condition = app.status?.conditions?.find((c) => c.type === 'ComparisonError');
    expect(condition?.message).toMatch(/apps\/web\/deploy\.yaml:\d+: invalid YAML/);
    expect(app.status?.sync?.status).toBe('Unknown');
    // Nothing applied, nothing pruned: the config map the broken commit also deleted is still there.
    expect(
      await jsonpath(ns.name, 'deployment/web', '{.metadata.uid} {.metadata.generation}'),
    ).toBe(before);
    expect(await jsonpath(ns.name, 'configmap/web-config', '{.data.greeting}')).toBe('hello');
    expect(await jsonpath(ns.name, 'deployment/web', '{.spec.replicas}')).toBe('2');

    await repo.commit('fix it', {
      'apps/web/deploy.yaml': deploymentYaml('web', { replicas: 2 }),
      'apps/web/config.yaml': configMapYaml('web-config', { greeting: 'hello' }),
    });
    await refresh(ns.name, 'web');
    const fixed = await waitApp(
      ns.name,
      'web',
      'recovered',
      (a) => syncedAndHealthy(a) && !a.status?.conditions?.length,
    );
    expect(fixed.status?.conditions).toEqual([]);
  });
});

describe('an Application without self-heal', () => {
  const ns = useNamespace('gitops-noheal');
  useController(() => [ns.name]);

  it('shows drift as OutOfSync and leaves it alone', async () => {
    const repo = await GitFixture.create({
      'app/deploy.yaml': deploymentYaml('api', { replicas: 1 }),
    });
    try {
      await createApp(ns.name, 'api', {
        repoURL: repo.url,
        path: 'app',
        namespace: ns.name,
        automated: { prune: true, selfHeal: false },
      });
      await waitApp(ns.name, 'api', 'Synced and Healthy', syncedAndHealthy);
      await kubectl(['-n', ns.name, 'scale', 'deployment/api', '--replicas=3']);
      const drifted = await waitApp(
        ns.name,
        'api',
        'OutOfSync',
        (a) => a.status?.sync?.status === 'OutOfSync',
      );
      expect(drifted.status?.resources?.find((r) => r.kind === 'Deployment')?.status).toBe(
        'OutOfSync',
      );
      const diff = await cli('app', 'diff', 'api', '-n', ns.name);
      expect(diff.code).toBe(1);
      expect(diff.out).toContain(`--- live Deployment/${ns.name}/api`);
      expect(diff.out).toContain('\n-  replicas: 3\n+  replicas: 1\n');
      const get = await cli('app', 'get', 'api', '-n', ns.name);
      expect(get.out).toMatch(/^Sync: +OutOfSync/m);
      expect(get.out).toMatch(
        /^Deployment\.apps +gitops-noheal-\w+ +api +OutOfSync +(Healthy|Progressing)/m,
      );
      const list = await cli('app', 'list', '-n', ns.name);
      expect(list.out).toMatch(/^gitops-noheal-\w+ +api +OutOfSync +(Healthy|Progressing)/m);
      await new Promise((r) => setTimeout(r, 3000));
      expect(await jsonpath(ns.name, 'deployment/api', '{.spec.replicas}')).toBe('3');
      expect((await getApp(ns.name, 'api')).status?.history).toHaveLength(1);
    } finally {
      await repo.remove();
    }
  });
});
