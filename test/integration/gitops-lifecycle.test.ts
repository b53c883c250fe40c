import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cli } from './support/cli.js';
import { GitFixture } from './support/git-fixture.js';
import { kubectl, useNamespace, waitGone } from './support/cluster.js';
import {
  configMapYaml,
  createApp,
  deploymentYaml,
  getApp,
  pauseImage,
  refresh,
  syncedAndHealthy,
  useController,
  waitApp,
} from './support/gitops.js';

const jobYaml = (name: string, annotations: Record<string, string>, command = ['true']): string =>
  stringify({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, annotations },
    spec: {
      backoffLimit: 0,
      template: {
        spec: {
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'main', image: '127.0.0.1:5000/base/python:3.11', command }],
        },
      },
    },
  });

const createdAt = async (ns: string, what: string): Promise<number> =>
  Date.parse(
    await kubectl(['-n', ns, 'get', what, '-o', 'jsonpath={.metadata.creationTimestamp}']),
  );

describe('sync waves and hooks', () => {
  const ns = useNamespace('gitops-waves');
  useController(() => [ns.name]);

  it('runs the PreSync hook, then each wave once the previous is healthy, then the PostSync hook', async () => {
    const repo = await GitFixture.create({
      'app/migrate.yaml': jobYaml('migrate', { 'argocd.argoproj.io/hook': 'PreSync' }, [
        'sh',
        '-c',
        'sleep 1',
      ]),
      'app/db.yaml': deploymentYaml('db').replace(
        'metadata:\n  name: db',
        "metadata:\n  name: db\n  annotations:\n    argocd.argoproj.io/sync-wave: '-1'",
      ),
      'app/web.yaml': deploymentYaml('web'),
      'app/smoke.yaml': jobYaml('smoke', { 'argocd.argoproj.io/hook': 'PostSync' }),
    });
    try {
      await createApp(ns.name, 'waves', {
        repoURL: repo.url,
        path: 'app',
        namespace: ns.name,
        automated: { prune: true },
      });
      const app = await waitApp(
        ns.name,
        'waves',
        'synced with hooks',
        (a) => a.status?.operationState?.phase === 'Succeeded' && syncedAndHealthy(a),
        150_000,
      );
      const migrateDone = Date.parse(
        await kubectl([
          '-n',
          ns.name,
          'get',
          'job/migrate',
          '-o',
          'jsonpath={.status.completionTime}',
        ]),
      );
      const db = await createdAt(ns.name, 'deployment/db');
      const web = await createdAt(ns.name, 'deployment/web');
      const smoke = await createdAt(ns.name, 'job/smoke');
      expect(db).toBeGreaterThanOrEqual(migrateDone);
      expect(web).toBeGreaterThanOrEqual(db);
      expect(smoke).toBeGreaterThanOrEqual(web);
      expect(
        await kubectl(['-n', ns.name, 'get', 'job/smoke', '-o', 'jsonpath={.status.succeeded}']),
      ).toBe('1');
      const phases = app.status?.operationState?.syncResult?.resources.map(
        (r) => `${r.syncPhase}:${r.kind}/${r.name}`,
      );
      expect(phases).toEqual([
        'PreSync:Job/migrate',
        'Sync:Deployment/db',
        'Sync:Deployment/web',
        'PostSync:Job/smoke',
      ]);
      // Hooks are not part of the app's resources or its sync status.
      expect(app.status?.resources?.map((r) => r.name).sort()).toEqual(['db', 'web']);
    } finally {
      await repo.remove();
    }
  });
});

describe('manual sync, history and rollback from the CLI', () => {
  const ns = useNamespace('gitops-manual');
  useController(() => [ns.name]);
  let repo: GitFixture;
  beforeAll(async () => {
    repo = await GitFixture.create({
      'app/config.yaml': configMapYaml('settings', { version: 'one' }),
    });
  });
  afterAll(async () => repo.remove());

  it('syncs on demand, lists history, rolls back to an entry, and refuses rollback with automated sync', async () => {
    await createApp(ns.name, 'manual', { repoURL: repo.url, path: 'app', namespace: ns.name });
    const outOfSync = await waitApp(
      ns.name,
      'manual',
      'OutOfSync (no automated sync)',
      (a) => a.status?.sync?.status === 'OutOfSync',
    );
    expect(outOfSync.status?.resources?.[0]?.health?.status).toBe('Missing');

    const first = await cli('app', 'sync', 'manual', '-n', ns.name, '--timeout', '60s');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Succeeded: successfully synced');
    const one = (await repo.git('rev-parse', 'HEAD')).trim();
    await repo.commit('two', { 'app/config.yaml': configMapYaml('settings', { version: 'two' }) });
    await refresh(ns.name, 'manual');
    await waitApp(
      ns.name,
      'manual',
      'OutOfSync at the new commit',
      (a) => a.status?.sync?.status === 'OutOfSync' && a.status.sync.revision !== one,
    );
    expect((await cli('app', 'sync', 'manual', '-n', ns.name)).code).toBe(0);
    expect(
      await kubectl(['-n', ns.name, 'get', 'configmap/settings', '-o', 'jsonpath={.data.version}']),
    ).toBe('two');

    const history = await cli('app', 'history', 'manual', '-n', ns.name);
    expect(history.out).toMatch(new RegExp(`^0 .* ${one}$`, 'm'));

    const rollback = await cli('app', 'rollback', 'manual', '0', '-n', ns.name, '--timeout', '60s');
    expect(rollback.code).toBe(0);
    expect(
      await kubectl(['-n', ns.name, 'get', 'configmap/settings', '-o', 'jsonpath={.data.version}']),
    ).toBe('one');
    const rolledBack = await getApp(ns.name, 'manual');
    expect(rolledBack.status?.history?.at(-1)?.revision).toBe(one);
    expect(rolledBack.status?.sync?.status).toBe('OutOfSync'); // Git says "two"; the cluster runs "one", on purpose.

    const missing = await cli('app', 'rollback', 'manual', '42', '-n', ns.name);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('has no history entry with ID "42"');

    await kubectl([
      '-n',
      ns.name,
      'patch',
      'applications.slipway.dev',
      'manual',
      '--type=merge',
      '-p',
      '{"spec":{"syncPolicy":{"automated":{}}}}',
    ]);
    const refused = await cli('app', 'rollback', 'manual', '0', '-n', ns.name);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('has automated sync on, which would undo a rollback');
  });

  it('names an unknown application and namespace', async () => {
    const result = await cli('app', 'get', 'nope', '-n', ns.name);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`application "nope" not found in namespace "${ns.name}"`);
  });
});

describe('deleting an Application', () => {
  const ns = useNamespace('gitops-delete');
  useController(() => [ns.name]);

  it('with --cascade deletes what it deployed; without, leaves it running', async () => {
    const repo = await GitFixture.create({
      'a/config.yaml': configMapYaml('kept', { x: '1' }),
      'b/config.yaml': configMapYaml('removed', { x: '1' }),
    });
    try {
      await createApp(ns.name, 'keep', {
        repoURL: repo.url,
        path: 'a',
        namespace: ns.name,
        automated: {},
      });
      await createApp(ns.name, 'cascade', {
        repoURL: repo.url,
        path: 'b',
        namespace: ns.name,
        automated: {},
      });
      await waitApp(ns.name, 'keep', 'synced', syncedAndHealthy);
      await waitApp(ns.name, 'cascade', 'synced', syncedAndHealthy);
      expect((await cli('app', 'delete', 'keep', '-n', ns.name)).code).toBe(0);
      const cascade = await cli('app', 'delete', 'cascade', '-n', ns.name, '--cascade');
      expect(cascade.code).toBe(0);
      expect(cascade.out).toContain('deleted with its resources');
      expect(await kubectl(['-n', ns.name, 'get', 'configmap', 'kept', '-o', 'name'])).toContain(
        'kept',
      );
      await waitGone(ns.name, 'configmap', 'removed');
    } finally {
      await repo.remove();
    }
  });
});

export { pauseImage };
