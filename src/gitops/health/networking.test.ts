import { describe, expect, it } from 'vitest';
import { assessHealth } from './assess-health.js';
import type { HealthStatus } from './health-status.js';

const assigned = { loadBalancer: { ingress: [{ ip: '10.0.0.7' }] } };
const unassigned = { loadBalancer: {} };

describe('Service health', () => {
  it.each<[string, unknown, unknown, HealthStatus]>([
    ['ClusterIP', { type: 'ClusterIP' }, {}, 'Healthy'],
    ['with no type (ClusterIP by default)', {}, undefined, 'Healthy'],
    ['NodePort', { type: 'NodePort' }, unassigned, 'Healthy'],
    ['LoadBalancer with an address', { type: 'LoadBalancer' }, assigned, 'Healthy'],
    ['LoadBalancer without an address', { type: 'LoadBalancer' }, unassigned, 'Progressing'],
    [
      'LoadBalancer with an empty ingress list',
      { type: 'LoadBalancer' },
      { loadBalancer: { ingress: [] } },
      'Progressing',
    ],
  ])('%s', (_name, spec, status, expected) => {
    const health = assessHealth({ apiVersion: 'v1', kind: 'Service', metadata: {}, spec, status });
    expect(health?.status).toBe(expected);
  });
});

describe('Ingress health', () => {
  it.each<[string, string, unknown, HealthStatus]>([
    ['with an address', 'networking.k8s.io/v1', assigned, 'Healthy'],
    ['without an address', 'networking.k8s.io/v1', unassigned, 'Progressing'],
    ['without any status', 'networking.k8s.io/v1', undefined, 'Progressing'],
    ['legacy extensions group, with an address', 'extensions/v1beta1', assigned, 'Healthy'],
  ])('%s', (_name, apiVersion, status, expected) => {
    const health = assessHealth({ apiVersion, kind: 'Ingress', metadata: {}, status });
    expect(health?.status).toBe(expected);
  });
});
