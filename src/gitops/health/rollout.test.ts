import { describe, expect, it } from 'vitest';
import { assessHealth } from './assess-health.js';
import type { HealthStatus } from './health-status.js';
import type { KubeObject } from './kube-object.js';

const GROUPS = ['slipway.dev/v1alpha1', 'argoproj.io/v1alpha1'];

function rollout(apiVersion: string, spec: unknown, status: unknown): KubeObject {
  return { apiVersion, kind: 'Rollout', metadata: { name: 'web', generation: 4 }, spec, status };
}

type Case = [
  name: string,
  spec: unknown,
  status: unknown,
  expected: HealthStatus,
  message?: string,
];

const observed = { observedGeneration: '4' };

const cases: Case[] = [
  [
    // argo-cd issue 25054: a canary held at an indefinite pause step is Suspended, not Progressing.
    'held at an indefinite canary pause step',
    { replicas: 5 },
    {
      ...observed,
      phase: 'Paused',
      message: 'CanaryPauseStep',
      controllerPause: true,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2025-10-23T10:00:00Z' }],
      replicas: 6,
      updatedReplicas: 1,
      availableReplicas: 6,
    },
    'Suspended',
  ],
  ['paused by spec.paused', { paused: true }, { ...observed, phase: 'Progressing' }, 'Suspended'],
  [
    'paused by spec.paused before the controller has caught up',
    { paused: true },
    { observedGeneration: '3', phase: 'Healthy' },
    'Suspended',
  ],
  [
    'paused by a pause condition alone',
    {},
    { ...observed, pauseConditions: [{ reason: 'BlueGreenPause' }] },
    'Suspended',
  ],
  ['in phase Paused', {}, { ...observed, phase: 'Paused' }, 'Suspended'],
  [
    'in phase Degraded',
    {},
    { ...observed, phase: 'Degraded', message: 'analysis failed' },
    'Degraded',
    'analysis failed',
  ],
  ['aborted', {}, { ...observed, abort: true }, 'Degraded', 'aborted'],
  [
    'aborted while a pause condition lingers',
    {},
    { ...observed, abort: true, pauseConditions: [{ reason: 'CanaryPauseStep' }] },
    'Degraded',
  ],
  [
    'with an invalid spec',
    {},
    { ...observed, conditions: [{ type: 'InvalidSpec', status: 'True', message: 'bad steps' }] },
    'Degraded',
    'bad steps',
  ],
  [
    'past its progress deadline',
    {},
    {
      ...observed,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
    },
    'Degraded',
  ],
  [
    'behind the desired generation (numeric string)',
    {},
    { observedGeneration: '3', phase: 'Healthy' },
    'Progressing',
    'observed',
  ],
  [
    'behind the desired generation (number)',
    {},
    { observedGeneration: 3, phase: 'Healthy' },
    'Progressing',
  ],
  ['without any status', {}, undefined, 'Progressing'],
  ['in phase Healthy', {}, { ...observed, phase: 'Healthy' }, 'Healthy'],
  [
    'in phase Healthy (numeric observedGeneration)',
    {},
    { observedGeneration: 4, phase: 'Healthy' },
    'Healthy',
  ],
  [
    'in phase Healthy, observedGeneration a legacy spec hash',
    {},
    { observedGeneration: '7d8f9c6b5', phase: 'Healthy' },
    'Healthy',
  ],
  ['in phase Progressing', {}, { ...observed, phase: 'Progressing' }, 'Progressing'],
  ['in a phase nobody knows', {}, { ...observed, phase: 'Sleeping' }, 'Unknown', 'Sleeping'],
  [
    'with no phase, replicas rolled out',
    { replicas: 2 },
    { ...observed, replicas: 2, updatedReplicas: 2, availableReplicas: 2 },
    'Healthy',
  ],
  [
    'with no phase, short of updated replicas',
    { replicas: 2 },
    { ...observed, replicas: 2, updatedReplicas: 1, availableReplicas: 2 },
    'Progressing',
    '1 out of 2 new replicas',
  ],
  [
    'with no phase, old replicas still terminating',
    { replicas: 2 },
    { ...observed, replicas: 3, updatedReplicas: 2, availableReplicas: 2 },
    'Progressing',
    'pending termination',
  ],
  [
    'with no phase, updated replicas not yet available',
    {},
    { ...observed, replicas: 1, updatedReplicas: 1, availableReplicas: 0 },
    'Progressing',
    'available',
  ],
];

describe.each(GROUPS)('Rollout (%s) health', (apiVersion) => {
  it.each(cases)('%s', (_name, spec, status, expected, message) => {
    const health = assessHealth(rollout(apiVersion, spec, status));
    expect(health?.status).toBe(expected);
    if (message !== undefined) expect(health?.message).toContain(message);
  });
});

describe.each(GROUPS)('Application (%s) health', (apiVersion) => {
  it.each<[string, unknown, HealthStatus, string?]>([
    ['healthy', { health: { status: 'Healthy' } }, 'Healthy'],
    [
      'degraded',
      { health: { status: 'Degraded', message: 'web is down' } },
      'Degraded',
      'web is down',
    ],
    ['suspended', { health: { status: 'Suspended' } }, 'Suspended'],
    ['missing', { health: { status: 'Missing' } }, 'Missing'],
    ['not yet reconciled', {}, 'Progressing'],
    ['reporting nonsense', { health: { status: 'Great' } }, 'Unknown', 'Great'],
  ])('%s', (_name, status, expected, message) => {
    const health = assessHealth({ apiVersion, kind: 'Application', metadata: {}, status });
    expect(health?.status).toBe(expected);
    if (message !== undefined) expect(health?.message).toContain(message);
  });
});
