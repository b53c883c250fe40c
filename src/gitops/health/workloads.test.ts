import { describe, expect, it } from 'vitest';
import { assessHealth } from './assess-health.js';
import type { HealthStatus } from './health-status.js';
import type { KubeObject } from './kube-object.js';

type Case = [
  name: string,
  spec: unknown,
  status: unknown,
  expected: HealthStatus,
  message?: string,
];

function workload(kind: string, generation: number, spec: unknown, status: unknown): KubeObject {
  return { apiVersion: 'apps/v1', kind, metadata: { name: 'web', generation }, spec, status };
}

function expectHealth(obj: KubeObject, expected: HealthStatus, message?: string): void {
  const health = assessHealth(obj);
  expect(health?.status).toBe(expected);
  if (message !== undefined) expect(health?.message).toContain(message);
}

describe('Deployment health', () => {
  const settled = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 };

  it.each<Case>([
    ['rolled out', { replicas: 3 }, settled, 'Healthy'],
    ['paused', { replicas: 3, paused: true }, settled, 'Suspended', 'paused'],
    [
      'paused even before the new spec is observed',
      { replicas: 3, paused: true },
      { ...settled, observedGeneration: 1 },
      'Suspended',
    ],
    [
      'not yet observed',
      { replicas: 3 },
      { ...settled, observedGeneration: 1 },
      'Progressing',
      'observed deployment generation less than desired generation',
    ],
    [
      'past its progress deadline',
      { replicas: 3 },
      {
        ...settled,
        updatedReplicas: 1,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      },
      'Degraded',
      'exceeded its progress deadline',
    ],
    [
      'progressing normally (condition present, other reason)',
      { replicas: 3 },
      {
        ...settled,
        conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }],
      },
      'Healthy',
    ],
    [
      'short of updated replicas',
      { replicas: 3 },
      { ...settled, updatedReplicas: 1 },
      'Progressing',
      '1 out of 3 new replicas have been updated',
    ],
    [
      'still terminating old replicas',
      { replicas: 3 },
      { ...settled, replicas: 5 },
      'Progressing',
      '2 old replicas are pending termination',
    ],
    [
      'waiting for updated replicas to become available',
      { replicas: 3 },
      { ...settled, availableReplicas: 2 },
      'Progressing',
      '2 of 3 updated replicas are available',
    ],
    [
      'without spec.replicas, counted as 1 desired',
      {},
      { observedGeneration: 2 },
      'Progressing',
      '0 out of 1 new replicas',
    ],
    [
      'without spec.replicas, one replica up',
      {},
      { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1 },
      'Healthy',
    ],
    ['scaled to zero', { replicas: 0 }, { observedGeneration: 2 }, 'Healthy'],
    ['without any status', { replicas: 1 }, undefined, 'Progressing', 'observed deployment'],
  ])('%s', (_name, spec, status, expected, message) => {
    expectHealth(workload('Deployment', 2, spec, status), expected, message);
  });

  it('is assessed for the legacy extensions group too', () => {
    const obj = {
      ...workload('Deployment', 1, { paused: true }, {}),
      apiVersion: 'extensions/v1beta1',
    };
    expectHealth(obj, 'Suspended');
  });
});

describe('StatefulSet health', () => {
  const ready = { observedGeneration: 3, readyReplicas: 3, updatedReplicas: 3 };
  const partitioned = (partition: number) => ({
    replicas: 5,
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } },
  });

  it.each<Case>([
    ['never observed', { replicas: 3 }, {}, 'Progressing', 'spec update to be observed'],
    [
      'behind the desired generation',
      { replicas: 3 },
      { ...ready, observedGeneration: 2 },
      'Progressing',
      'spec update to be observed',
    ],
    [
      'short of ready pods',
      { replicas: 3 },
      { ...ready, readyReplicas: 1 },
      'Progressing',
      'Waiting for 2 pods to be ready',
    ],
    [
      'partitioned, pods above the partition not all updated',
      partitioned(3),
      { observedGeneration: 3, readyReplicas: 5, updatedReplicas: 1 },
      'Progressing',
      '1 out of 2 new pods have been updated',
    ],
    [
      'partitioned, pods above the partition all updated',
      partitioned(3),
      { observedGeneration: 3, readyReplicas: 5, updatedReplicas: 2 },
      'Healthy',
    ],
    [
      'OnDelete, revisions differ',
      { replicas: 3, updateStrategy: { type: 'OnDelete' } },
      { ...ready, updatedReplicas: 0, currentRevision: 'web-1', updateRevision: 'web-2' },
      'Healthy',
    ],
    [
      'rolling update with revisions still differing',
      { replicas: 3 },
      { ...ready, currentRevision: 'web-1', updateRevision: 'web-2' },
      'Progressing',
      'revision web-2',
    ],
    [
      'rolling update complete',
      { replicas: 3 },
      { ...ready, currentRevision: 'web-2', updateRevision: 'web-2' },
      'Healthy',
    ],
  ])('%s', (_name, spec, status, expected, message) => {
    expectHealth(workload('StatefulSet', 3, spec, status), expected, message);
  });
});

describe('DaemonSet health', () => {
  const done = {
    observedGeneration: 4,
    desiredNumberScheduled: 3,
    updatedNumberScheduled: 3,
    numberAvailable: 3,
  };

  it.each<Case>([
    ['rolled out', {}, done, 'Healthy'],
    [
      'not yet observed',
      {},
      { ...done, observedGeneration: 3 },
      'Progressing',
      'observed daemon set generation less than desired generation',
    ],
    [
      'short of updated pods',
      {},
      { ...done, updatedNumberScheduled: 1 },
      'Progressing',
      '1 out of 3 new pods have been updated',
    ],
    [
      'short of available pods',
      {},
      { ...done, numberAvailable: 2 },
      'Progressing',
      '2 of 3 updated pods are available',
    ],
    [
      'OnDelete with pods not updated, once observed',
      { updateStrategy: { type: 'OnDelete' } },
      { ...done, updatedNumberScheduled: 0 },
      'Healthy',
    ],
    [
      'OnDelete before the spec is observed',
      { updateStrategy: { type: 'OnDelete' } },
      { ...done, observedGeneration: 3 },
      'Progressing',
    ],
  ])('%s', (_name, spec, status, expected, message) => {
    expectHealth(workload('DaemonSet', 4, spec, status), expected, message);
  });
});

describe('ReplicaSet health', () => {
  it.each<Case>([
    ['all available', { replicas: 2 }, { observedGeneration: 1, availableReplicas: 2 }, 'Healthy'],
    [
      'failing to create pods',
      { replicas: 2 },
      {
        observedGeneration: 1,
        availableReplicas: 0,
        conditions: [
          { type: 'ReplicaFailure', status: 'True', message: 'pods "web-" is forbidden: quota' },
        ],
      },
      'Degraded',
      'forbidden: quota',
    ],
    [
      'a cleared ReplicaFailure condition',
      { replicas: 2 },
      {
        observedGeneration: 1,
        availableReplicas: 2,
        conditions: [{ type: 'ReplicaFailure', status: 'False' }],
      },
      'Healthy',
    ],
    [
      'short of available replicas',
      { replicas: 2 },
      { observedGeneration: 1, availableReplicas: 1 },
      'Progressing',
      '1 out of 2 new replicas are available',
    ],
    [
      'not yet observed',
      { replicas: 2 },
      { observedGeneration: 0, availableReplicas: 2 },
      'Progressing',
      'observed replica set generation',
    ],
  ])('%s', (_name, spec, status, expected, message) => {
    expectHealth(workload('ReplicaSet', 1, spec, status), expected, message);
  });
});
