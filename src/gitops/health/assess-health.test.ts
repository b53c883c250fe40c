import { describe, expect, it } from 'vitest';
import { assessHealth, HEALTH_ANNOTATION } from './index.js';
import type { KubeObject } from './index.js';

const crashingPod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0' },
  status: {
    phase: 'Running',
    containerStatuses: [{ name: 'app', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
  },
};

describe('assessHealth', () => {
  it('reports an object absent from the cluster as Missing', () => {
    expect(assessHealth(undefined)).toEqual({ status: 'Missing' });
  });

  it.each([
    ['v1', 'ConfigMap'],
    ['v1', 'Secret'],
    ['v1', 'ServiceAccount'],
    ['v1', 'Namespace'],
    ['rbac.authorization.k8s.io/v1', 'Role'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
    ['example.com/v1', 'Widget'],
    // Same kind name, different group: not the apps Deployment.
    ['example.com/v1', 'Deployment'],
    ['slipway.dev/v1alpha1', 'Pod'],
  ])('has no health notion for %s %s', (apiVersion, kind) => {
    expect(assessHealth({ apiVersion, kind, metadata: { name: 'x' } })).toBeUndefined();
  });

  it('reports an object being deleted as Progressing, whatever its kind', () => {
    for (const obj of [
      crashingPod,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
    ] satisfies KubeObject[]) {
      const deleting = {
        ...obj,
        metadata: { ...obj.metadata, deletionTimestamp: '2025-01-01T00:00:00Z' },
      };
      expect(assessHealth(deleting)).toEqual({
        status: 'Progressing',
        message: 'Pending deletion',
      });
    }
  });

  it('dispatches on the group, not the version', () => {
    const deployment = (apiVersion: string): KubeObject => ({
      apiVersion,
      kind: 'Deployment',
      metadata: { generation: 1 },
      spec: { paused: true },
    });
    expect(assessHealth(deployment('apps/v1'))?.status).toBe('Suspended');
    expect(assessHealth(deployment('apps/v1beta2'))?.status).toBe('Suspended');
  });

  describe(`the ${HEALTH_ANNOTATION} annotation`, () => {
    const annotated = (obj: KubeObject, value: string): KubeObject => ({
      ...obj,
      metadata: { ...obj.metadata, annotations: { [HEALTH_ANNOTATION]: value } },
    });

    it.each([['Healthy'], ['Suspended'], ['Degraded'], ['Progressing']] as const)(
      'sets the health of an assessed kind to %s',
      (status) => {
        expect(assessHealth(crashingPod)?.status).toBe('Degraded');
        expect(assessHealth(annotated(crashingPod, status))?.status).toBe(status);
      },
    );

    it('gives a health to a kind that has none of its own', () => {
      const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} };
      expect(assessHealth(annotated(configMap, 'Progressing'))?.status).toBe('Progressing');
    });

    it('names the annotation and the bad value when it is not a health status', () => {
      const health = assessHealth(annotated(crashingPod, 'healthy'));
      expect(health?.status).toBe('Unknown');
      expect(health?.message).toContain(HEALTH_ANNOTATION);
      expect(health?.message).toContain('"healthy"');
      expect(health?.message).toContain('Healthy, Suspended');
    });

    it('does not hide a pending deletion', () => {
      const obj = annotated(crashingPod, 'Healthy');
      obj.metadata.deletionTimestamp = '2025-01-01T00:00:00Z';
      expect(assessHealth(obj)?.status).toBe('Progressing');
    });
  });
});
