import { describe, expect, it } from 'vitest';
import { certificatePlan, opensslExtensions, opensslSubject } from './pki-plan.js';

describe('certificatePlan', () => {
  const plan = certificatePlan();
  const byName = (name: string) => plan.find((c) => c.name === name);

  it('serves the API server on loopback, the kubernetes Service IP and every in-cluster name', () => {
    const apiserver = byName('apiserver');
    expect(apiserver?.ipAddresses).toEqual(expect.arrayContaining(['127.0.0.1', '10.96.0.1']));
    expect(apiserver?.dnsNames).toContain('kubernetes.default.svc.cluster.local');
  });

  it('puts the node in system:nodes so the Node authorizer accepts it', () => {
    expect(byName('kubelet')).toMatchObject({
      commonName: 'system:node:slipway-node',
      organization: 'system:nodes',
    });
  });

  it('gives every certificate a distinct file name', () => {
    expect(new Set(plan.map((c) => c.name)).size).toBe(plan.length);
  });
});

describe('openssl rendering', () => {
  it.each([
    [{ commonName: 'a', usage: 'client' as const }, '/CN=a'],
    [
      { commonName: 'system:node:n', organization: 'system:nodes', usage: 'client' as const },
      '/O=system:nodes/CN=system:node:n',
    ],
    [{ commonName: 'x/y', usage: 'client' as const }, '/CN=x\\/y'],
  ])('subject of %j is %s', (spec, subject) => {
    expect(opensslSubject({ name: 'n', dnsNames: [], ipAddresses: [], ...spec })).toBe(subject);
  });

  it('lists DNS names and IPs as subjectAltName only when there are some', () => {
    const server = opensslExtensions({
      name: 's',
      commonName: 's',
      usage: 'server',
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
    });
    expect(server).toContain('subjectAltName=DNS:localhost,IP:127.0.0.1');
    expect(server).toContain('extendedKeyUsage=serverAuth');
    const clientExt = opensslExtensions({
      name: 'c',
      commonName: 'c',
      usage: 'client',
      dnsNames: [],
      ipAddresses: [],
    });
    expect(clientExt).not.toContain('subjectAltName');
  });
});
