import { describe, expect, it } from 'vitest';
import { applyWorkloadIdentityPatch, workloadIdentityPodPatch } from './pod-patch.js';

const tokenUrl = 'https://slipway.example/api/identity/token';
const account = (annotations: Record<string, string>) => ({
  metadata: { name: 'app', namespace: 'cats', annotations },
});

describe('workloadIdentityPodPatch', () => {
  it('mounts a projected token for audience slipway and names its file and the token URL', () => {
    const patch = workloadIdentityPodPatch(account({ 'slipway.dev/identity': 'cat-app' }), {
      tokenUrl,
    });
    expect(patch?.volume.projected.sources[0].serviceAccountToken).toEqual({
      audience: 'slipway',
      expirationSeconds: 3600,
      path: 'token',
    });
    expect(patch?.volumeMount.mountPath).toBe('/var/run/secrets/slipway.dev/serviceaccount');
    expect(patch?.env).toEqual([
      {
        name: 'SLIPWAY_IDENTITY_TOKEN_FILE',
        value: '/var/run/secrets/slipway.dev/serviceaccount/token',
      },
      { name: 'SLIPWAY_TOKEN_URL', value: tokenUrl },
    ]);
  });

  it("sets Azure's variables for a ServiceAccount annotated the Azure way", () => {
    const patch = workloadIdentityPodPatch(
      account({
        'azure.workload.identity/client-id': '1234',
        'azure.workload.identity/tenant-id': 't',
      }),
      { tokenUrl },
    );
    expect(Object.fromEntries(patch!.env.map((e) => [e.name, e.value]))).toMatchObject({
      AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/slipway.dev/serviceaccount/token',
      AZURE_CLIENT_ID: '1234',
      AZURE_TENANT_ID: 't',
      AZURE_AUTHORITY_HOST: 'https://slipway.example/api/identity/azure/',
    });
  });

  it('gives nothing to a ServiceAccount without an identity', () => {
    expect(workloadIdentityPodPatch(account({}), { tokenUrl })).toBeUndefined();
  });

  it('patches every container once, keeping variables the pod sets itself', () => {
    const patch = workloadIdentityPodPatch(account({ 'slipway.dev/identity': 'a' }), { tokenUrl })!;
    const spec = {
      containers: [
        { name: 'main', env: [{ name: 'SLIPWAY_TOKEN_URL', value: 'mine' }] },
        { name: 'side' },
      ],
    };
    const once = applyWorkloadIdentityPatch(spec, patch);
    const twice = applyWorkloadIdentityPatch(once, patch);
    expect(twice).toEqual(once);
    expect(once.volumes).toHaveLength(1);
    expect(once.containers[0]?.env).toContainEqual({ name: 'SLIPWAY_TOKEN_URL', value: 'mine' });
    expect(once.containers[0]?.env?.filter((e) => e.name === 'SLIPWAY_TOKEN_URL')).toHaveLength(1);
    expect(once.containers[1]?.volumeMounts).toHaveLength(1);
  });
});
