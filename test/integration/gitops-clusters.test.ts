import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { apiserverUrl } from '../../src/cluster/index.js';
import { GitFixture } from './support/git-fixture.js';
import { existing, kubectl, layout, useNamespace, waitFor } from './support/cluster.js';
import {
  configMapYaml,
  createApp,
  syncedAndHealthy,
  useController,
  waitApp,
} from './support/gitops.js';

describe('a destination cluster registered as a Secret', () => {
  const ns = useNamespace('gitops-remote');
  useController(() => [ns.name]);
  const secretName = `cluster-${Date.now()}`;
  afterAll(async () => {
    await kubectl(['-n', 'slipway-system', 'delete', 'secret', secretName, '--ignore-not-found']);
  });

  it('deploys with that cluster identity and its RBAC, by server URL or by name', async () => {
    // The same API server under its loopback URL, reached as a ServiceAccount that may only
    // administer this namespace: what Slipway does there, it does with that identity.
    await kubectl(['-n', ns.name, 'create', 'serviceaccount', 'deployer']);
    await kubectl([
      '-n',
      ns.name,
      'create',
      'rolebinding',
      'deployer-admin',
      '--clusterrole=admin',
      `--serviceaccount=${ns.name}:deployer`,
    ]);
    const token = (
      await kubectl(['-n', ns.name, 'create', 'token', 'deployer', '--duration=1h'])
    ).trim();
    const caData = readFileSync(join(layout.pkiDir, 'ca.crt')).toString('base64');
    await kubectl(
      ['apply', '-f', '-'],
      stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: secretName,
          namespace: 'slipway-system',
          labels: { 'argocd.argoproj.io/secret-type': 'cluster' },
        },
        stringData: {
          name: secretName,
          server: apiserverUrl,
          config: JSON.stringify({ bearerToken: token, tlsClientConfig: { caData } }),
        },
      }),
    );
    const repo = await GitFixture.create({
      'ok/config.yaml': configMapYaml('remote-config', { where: 'loopback' }),
      'outside/config.yaml': stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'intruder', namespace: 'kube-system' },
        data: { a: '1' },
      }),
    });
    try {
      await createApp(ns.name, 'by-server', {
        repoURL: repo.url,
        path: 'ok',
        namespace: ns.name,
        automated: { selfHeal: true },
        cluster: { server: apiserverUrl },
      });
      await waitApp(
        ns.name,
        'by-server',
        'synced through the registered cluster',
        (a) => syncedAndHealthy(a) && a.status?.operationState?.phase === 'Succeeded',
      );
      expect(
        await kubectl([
          '-n',
          ns.name,
          'get',
          'configmap/remote-config',
          '-o',
          'jsonpath={.data.where}',
        ]),
      ).toBe('loopback');
      // Drift there is seen by a watch with that namespace-scoped identity (no cluster-wide
      // list right), and healed within seconds.
      await kubectl([
        '-n',
        ns.name,
        'patch',
        'configmap/remote-config',
        '--type=merge',
        '-p',
        '{"data":{"where":"drifted"}}',
      ]);
      await waitFor('the registered-cluster drift healed', 20_000, async () =>
        (await kubectl([
          '-n',
          ns.name,
          'get',
          'configmap/remote-config',
          '-o',
          'jsonpath={.data.where}',
        ])) === 'loopback'
          ? true
          : undefined,
      );

      await createApp(ns.name, 'outside', {
        repoURL: repo.url,
        path: 'outside',
        namespace: ns.name,
        automated: {},
        cluster: { name: secretName },
      });
      const refused = await waitApp(
        ns.name,
        'outside',
        'a sync refused by the cluster RBAC',
        (a) =>
          a.status?.operationState?.phase === 'Failed' ||
          a.status?.conditions?.some((c) => /forbidden/.test(c.message)) === true,
      );
      const message = refused.status?.conditions?.map((c) => c.message).join(' ') ?? '';
      expect(message).toContain(`system:serviceaccount:${ns.name}:deployer`);
      expect(message).toMatch(/forbidden/);
      expect(await existing('kube-system', 'configmap', 'intruder')).toBe('');
    } finally {
      await repo.remove();
    }
  });

  it('reports a destination that is not registered', async () => {
    await createApp(ns.name, 'nowhere', {
      repoURL: 'file:///nonexistent',
      path: '.',
      namespace: ns.name,
      cluster: { server: 'https://staging.example.com' },
    });
    const app = await waitApp(
      ns.name,
      'nowhere',
      'a ComparisonError',
      (a) => a.status?.conditions?.some((c) => c.type === 'ComparisonError') === true,
    );
    expect(app.status?.conditions?.[0]?.message).toContain(
      'cluster "https://staging.example.com" is not registered with Slipway',
    );
  });
});
