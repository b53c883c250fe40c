import { describe, expect, it } from 'vitest';
import { secretSyncSpecSchema } from '../../config/secret-sync.js';
import { installManifests } from '../../gitops/install.js';
import { secretSyncCrd } from '../../kube/crds.js';

type Schema = { properties?: Record<string, Schema>; required?: string[]; items?: Schema };

const crd = secretSyncCrd() as {
  metadata: { name: string };
  spec: {
    scope: string;
    names: { kind: string; shortNames: string[] };
    versions: { schema: { openAPIV3Schema: Schema } }[];
  };
};
const specSchema = crd.spec.versions[0]?.schema.openAPIV3Schema.properties?.['spec'];

describe('the SecretSync CRD', () => {
  it('is namespaced in slipway.dev and installed with Slipway', () => {
    expect(crd.metadata.name).toBe('secretsyncs.slipway.dev');
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.names.kind).toBe('SecretSync');
    expect(installManifests().map((o) => o.metadata.name)).toContain('secretsyncs.slipway.dev');
  });

  it('has the spec of the zod schema: refreshInterval int-or-string, data items required', () => {
    expect(specSchema?.required?.sort()).toEqual(['data', 'secretStoreRef', 'target']);
    expect(specSchema?.properties?.['refreshInterval']).toEqual({
      'x-kubernetes-int-or-string': true,
    });
    expect(specSchema?.properties?.['data']?.items?.required?.sort()).toEqual([
      'remoteRef',
      'secretKey',
    ]);
  });

  it('fills the defaults a user may leave out', () => {
    const spec = secretSyncSpecSchema.parse({
      secretStoreRef: { project: 'shop' },
      target: { name: 'cat-api' },
      data: [{ secretKey: 'key', remoteRef: { key: 'cat-api-key' } }],
    });
    expect(spec.refreshInterval).toBe('1m');
    expect(spec.target.type).toBe('Opaque');
  });
});
