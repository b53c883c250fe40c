import { describe, expect, it } from 'vitest';
import { applyWorkloadIdentityPatch, workloadIdentityPodPatch } from '../identity/index.js';
import type { AdmissionRequest, JsonPatchOperation } from './admission-review.js';
import { applyJsonPatch } from './testing-json-patch.js';
import {
  admitPodCreation,
  podCreation,
  type PodCreation,
  type ServiceAccountLookup,
} from './workload-identity-admission.js';

const tokenUrl = 'https://slipway.example/api/identity/token';
const tokenFile = '/var/run/secrets/slipway.dev/serviceaccount/token';

const podRequest = (spec: Record<string, unknown>, extra: Partial<AdmissionRequest> = {}) =>
  ({
    uid: 'u-1',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    operation: 'CREATE',
    namespace: 'cats',
    object: { metadata: { name: 'web' }, spec: { serviceAccountName: 'app', ...spec } },
    ...extra,
  }) satisfies AdmissionRequest;

const plainSpec = {
  initContainers: [{ name: 'init', image: 'i' }],
  containers: [
    { name: 'main', image: 'm', env: [{ name: 'LANG', value: 'C' }] },
    { name: 'side', image: 's' },
  ],
};

const found = (annotations: Record<string, string>): ServiceAccountLookup => ({
  kind: 'found',
  account: { metadata: { name: 'app', namespace: 'cats', annotations } },
});

function creation(spec: Record<string, unknown> = plainSpec): PodCreation {
  const pod = podCreation(podRequest(spec));
  if (pod === undefined) throw new Error('a pod creation');
  return pod;
}

function operations(lookup: ServiceAccountLookup, pod = creation()): JsonPatchOperation[] {
  const { patch } = admitPodCreation(pod, lookup, { tokenUrl }).response;
  return patch === undefined
    ? []
    : (JSON.parse(Buffer.from(patch, 'base64').toString('utf8')) as JsonPatchOperation[]);
}

type Spec = {
  volumes?: { name: string; projected?: unknown }[];
  containers: { env?: { name: string; value: string }[]; volumeMounts?: { mountPath: string }[] }[];
  initContainers?: Spec['containers'];
};
const patched = (lookup: ServiceAccountLookup, spec: Record<string, unknown> = plainSpec): Spec =>
  applyJsonPatch({ spec }, operations(lookup, creation(spec))).spec as unknown as Spec;
const envOf = (c: Spec['containers'][number] | undefined) =>
  Object.fromEntries((c?.env ?? []).map((e) => [e.name, e.value]));

describe('podCreation', () => {
  it('names the pod, its namespace and its ServiceAccount', () => {
    expect(podCreation(podRequest(plainSpec))).toMatchObject({
      uid: 'u-1',
      namespace: 'cats',
      pod: 'web',
      serviceAccount: 'app',
    });
  });

  it('names a pod of a ReplicaSet by its generateName, and a pod without an account "default"', () => {
    const request = podRequest(plainSpec);
    request.object = { metadata: { generateName: 'web-7d9-' }, spec: plainSpec };
    expect(podCreation(request)).toMatchObject({ pod: 'web-7d9-*', serviceAccount: 'default' });
  });

  it.each([
    ['an update', { operation: 'UPDATE' }],
    ['another kind', { kind: { group: 'apps', version: 'v1', kind: 'Deployment' } }],
    ['a subresource', { subResource: 'ephemeralcontainers' }],
    ['an object that is no pod', { object: { spec: {} } }],
  ])('ignores %s', (_what, extra) => {
    expect(podCreation(podRequest(plainSpec, extra))).toBeUndefined();
  });
});

describe('admitPodCreation', () => {
  it('gives every container and init container the token mount and variables', () => {
    const spec = patched(found({ 'slipway.dev/identity': 'cat-app' }));
    expect(spec.volumes).toEqual([
      {
        name: 'slipway-identity-token',
        projected: {
          sources: [
            {
              serviceAccountToken: { audience: 'slipway', expirationSeconds: 3600, path: 'token' },
            },
          ],
        },
      },
    ]);
    for (const container of [...spec.containers, ...(spec.initContainers ?? [])]) {
      expect(container.volumeMounts?.map((m) => m.mountPath)).toEqual([
        '/var/run/secrets/slipway.dev/serviceaccount',
      ]);
      expect(envOf(container)).toMatchObject({
        SLIPWAY_IDENTITY_TOKEN_FILE: tokenFile,
        SLIPWAY_TOKEN_URL: tokenUrl,
      });
    }
    expect(envOf(spec.containers[0])['LANG']).toBe('C');
  });

  it('adds what pod-patch.ts computes, no more and no less', () => {
    const lookup = found({ 'slipway.dev/identity': 'cat-app' });
    const account = lookup.kind === 'found' ? lookup.account : undefined;
    const expected = applyWorkloadIdentityPatch(
      structuredClone(plainSpec),
      workloadIdentityPodPatch(account!, { tokenUrl })!,
    );
    expect(patched(lookup)).toEqual(expected);
  });

  it("adds Azure's variables for a ServiceAccount annotated the Azure way", () => {
    const spec = patched(found({ 'azure.workload.identity/client-id': '1234' }));
    expect(envOf(spec.containers[1])).toMatchObject({
      AZURE_FEDERATED_TOKEN_FILE: tokenFile,
      AZURE_CLIENT_ID: '1234',
      AZURE_TENANT_ID: 'slipway',
      AZURE_AUTHORITY_HOST: 'https://slipway.example/api/identity/azure/',
    });
  });

  it('leaves a pod of a ServiceAccount without an identity alone', () => {
    const answer = admitPodCreation(creation(), found({ other: 'x' }), { tokenUrl });
    expect(answer.response).toEqual({ uid: 'u-1', allowed: true });
  });

  it('leaves a pod that already has the fields alone (idempotent)', () => {
    const lookup = found({ 'slipway.dev/identity': 'cat-app' });
    const once = patched(lookup);
    expect(operations(lookup, creation(once as unknown as Record<string, unknown>))).toEqual([]);
  });

  it('keeps a variable the pod sets itself and adds only what is missing', () => {
    const spec = {
      containers: [{ name: 'main', env: [{ name: 'SLIPWAY_TOKEN_URL', value: 'mine' }] }],
    };
    const result = patched(found({ 'slipway.dev/identity': 'cat-app' }), spec);
    expect(result.containers[0]?.env?.filter((e) => e.name === 'SLIPWAY_TOKEN_URL')).toEqual([
      { name: 'SLIPWAY_TOKEN_URL', value: 'mine' },
    ]);
    expect(envOf(result.containers[0])['SLIPWAY_IDENTITY_TOKEN_FILE']).toBe(tokenFile);
  });

  it('lets the pod in without a patch when its ServiceAccount does not exist', () => {
    const answer = admitPodCreation(creation(), { kind: 'missing' }, { tokenUrl });
    expect(answer.response).toEqual({ uid: 'u-1', allowed: true });
  });

  it('lets the pod in and warns its creator when the ServiceAccount cannot be read', () => {
    const lookup: ServiceAccountLookup = { kind: 'unreadable', reason: 'connection refused' };
    const { response } = admitPodCreation(creation(), lookup, { tokenUrl });
    expect(response.patch).toBeUndefined();
    expect(response.allowed).toBe(true);
    expect(response.warnings).toEqual([
      'Slipway could not read ServiceAccount cats/app (connection refused), so pod web was created without its workload-identity token; recreate the pod, or add the pod fields of docs/identity.md yourself',
    ]);
  });
});
