import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { apiserverUrl } from '../../src/cluster/index.js';
import { kubectl, layout, useNamespace } from './support/cluster.js';

function clientWithToken(token: string): k8s.CoreV1Api {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'local', server: apiserverUrl, caFile: join(layout.pkiDir, 'ca.crt') }],
    users: [{ name: 'sa', token }],
    contexts: [{ name: 'sa', cluster: 'local', user: 'sa' }],
    currentContext: 'sa',
  });
  return kc.makeApiClient(k8s.CoreV1Api);
}

describe('RBAC', () => {
  const ns = useNamespace('rbac');

  it('forbids a ServiceAccount with no role, and allows exactly what a Role grants it', async () => {
    await kubectl(['-n', ns.name, 'create', 'serviceaccount', 'nobody']);
    const token = (await kubectl(['-n', ns.name, 'create', 'token', 'nobody'])).trim();
    const api = clientWithToken(token);

    const denied = await api.listNamespacedPod({ namespace: ns.name }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(denied).toBeInstanceOf(k8s.ApiException);
    expect((denied as k8s.ApiException<unknown>).code).toBe(403);
    expect(String((denied as k8s.ApiException<unknown>).body)).toContain(
      `system:serviceaccount:${ns.name}:nobody`,
    );

    await kubectl([
      '-n',
      ns.name,
      'create',
      'role',
      'pod-reader',
      '--verb=list',
      '--resource=pods',
    ]);
    await kubectl([
      '-n',
      ns.name,
      'create',
      'rolebinding',
      'nobody-reads',
      '--role=pod-reader',
      `--serviceaccount=${ns.name}:nobody`,
    ]);
    const allowed = await api.listNamespacedPod({ namespace: ns.name });
    expect(allowed.items).toEqual([]);

    // The grant is scoped: the same token still cannot read Secrets, nor pods elsewhere.
    const secrets = await api.listNamespacedSecret({ namespace: ns.name }).then(
      () => 200,
      (e: k8s.ApiException<unknown>) => e.code,
    );
    expect(secrets).toBe(403);
    const elsewhere = await api.listNamespacedPod({ namespace: 'kube-system' }).then(
      () => 200,
      (e: k8s.ApiException<unknown>) => e.code,
    );
    expect(elsewhere).toBe(403);
  });
});
