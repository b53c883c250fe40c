import { describe, expect, it } from 'vitest';
import { pickCluster, registeredClusters } from './destinations.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const secret = (name: string, server: string, config: string) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'slipway-system', uid: `u-${name}`, resourceVersion: '1' },
  data: { name: b64(name), server: b64(server), config: b64(config) },
});

describe('registered clusters (Argo CD cluster Secrets)', () => {
  const clusters = registeredClusters([
    secret(
      'prod',
      'https://prod.example.com:6443/',
      '{"bearerToken":"t","tlsClientConfig":{"caData":"Y2E="}}',
    ),
  ]);

  it('reads name, server (without a trailing slash) and config', () => {
    expect(clusters).toEqual([
      {
        name: 'prod',
        server: 'https://prod.example.com:6443',
        config: { bearerToken: 't', tlsClientConfig: { caData: 'Y2E=' } },
        version: 'u-prod@1',
      },
    ]);
  });

  it.each([
    [{ server: 'https://kubernetes.default.svc' }, 'in-cluster'],
    [{ name: 'in-cluster' }, 'in-cluster'],
    [{}, 'in-cluster'],
    [{ server: 'https://prod.example.com:6443' }, 'prod'],
    [{ name: 'prod' }, 'prod'],
  ])('destination %j is %s', (destination, expected) => {
    const picked = pickCluster(destination, clusters);
    expect(picked === 'in-cluster' ? picked : picked.name).toBe(expected);
  });

  it('names an unregistered destination and says how to register it', () => {
    expect(() => pickCluster({ server: 'https://staging.example.com' }, clusters)).toThrow(
      'spec.destination: cluster "https://staging.example.com" is not registered with Slipway',
    );
  });

  it('names a cluster Secret whose config is not JSON', () => {
    expect(() => registeredClusters([secret('bad', 'https://x', '{nope')])).toThrow(
      'cluster Secret slipway-system/bad: data.config is not JSON',
    );
  });
});
