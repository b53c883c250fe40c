import { describe, expect, it } from 'vitest';
import { assessHealth } from './assess-health.js';
import type { HealthStatus } from './health-status.js';
import type { KubeObject } from './kube-object.js';
import { isStuckWaitingReason } from './pod.js';

function pod(spec: unknown, status: unknown): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0' }, spec, status };
}

const readyCondition = (status: 'True' | 'False') => [{ type: 'Ready', status }];
const waiting = (reason: string, message?: string) => ({
  name: 'app',
  ready: false,
  state: { waiting: { reason, message } },
});

type Case = [
  name: string,
  spec: unknown,
  status: unknown,
  expected: HealthStatus,
  message?: string,
];

describe('Pod health', () => {
  it.each<Case>([
    ['succeeded', { restartPolicy: 'Never' }, { phase: 'Succeeded' }, 'Healthy'],
    [
      'failed, with the pod message',
      { restartPolicy: 'Never' },
      { phase: 'Failed', message: 'Pod was evicted: low on memory' },
      'Degraded',
      'evicted',
    ],
    [
      'failed, with a container termination message',
      { restartPolicy: 'Never' },
      {
        phase: 'Failed',
        containerStatuses: [
          { name: 'app', state: { terminated: { exitCode: 1, message: 'migration failed' } } },
        ],
      },
      'Degraded',
      'migration failed',
    ],
    [
      'failed, OOMKilled',
      { restartPolicy: 'Never' },
      {
        phase: 'Failed',
        containerStatuses: [
          { name: 'app', state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } },
        ],
      },
      'Degraded',
      'OOMKilled',
    ],
    [
      'failed, in an init container, with only an exit code',
      { restartPolicy: 'Never' },
      {
        phase: 'Failed',
        initContainerStatuses: [{ name: 'init-db', state: { terminated: { exitCode: 2 } } }],
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'PodInitializing' } } }],
      },
      'Degraded',
      'container "init-db" failed with exit code 2',
    ],
    [
      'running and ready',
      { restartPolicy: 'Always' },
      { phase: 'Running', conditions: readyCondition('True') },
      'Healthy',
    ],
    [
      'running and ready, restartPolicy left to its default',
      {},
      { phase: 'Running', conditions: readyCondition('True') },
      'Healthy',
    ],
    [
      'running, every container ready, no conditions reported',
      {},
      { phase: 'Running', containerStatuses: [{ name: 'app', ready: true }] },
      'Healthy',
    ],
    [
      'running, not ready yet',
      {},
      {
        phase: 'Running',
        conditions: readyCondition('False'),
        containerStatuses: [{ name: 'app', ready: false, state: { running: {} } }],
      },
      'Progressing',
    ],
    [
      'running, not ready, a container has died before',
      {},
      {
        phase: 'Running',
        conditions: readyCondition('False'),
        containerStatuses: [
          { name: 'app', ready: false, lastState: { terminated: { exitCode: 1 } } },
        ],
      },
      'Degraded',
    ],
    [
      'running with restartPolicy Never (a hook), even if ready',
      { restartPolicy: 'Never' },
      { phase: 'Running', conditions: readyCondition('True') },
      'Progressing',
    ],
    [
      'running, in CrashLoopBackOff',
      {},
      {
        phase: 'Running',
        conditions: readyCondition('False'),
        containerStatuses: [
          waiting('CrashLoopBackOff', 'back-off 5m0s restarting failed container'),
        ],
      },
      'Degraded',
      'CrashLoopBackOff',
    ],
    ['pending, being scheduled', {}, { phase: 'Pending' }, 'Progressing'],
    [
      'pending, waiting on an image pull that failed',
      {},
      { phase: 'Pending', containerStatuses: [waiting('ImagePullBackOff', 'Back-off pulling')] },
      'Degraded',
      'Back-off pulling',
    ],
    [
      'pending, still creating its container',
      {},
      { phase: 'Pending', containerStatuses: [waiting('ContainerCreating')] },
      'Progressing',
    ],
    [
      'pending with a bad image, but a hook pod (restartPolicy Never)',
      { restartPolicy: 'Never' },
      { phase: 'Pending', containerStatuses: [waiting('ErrImagePull')] },
      'Progressing',
    ],
    ['with no phase reported', {}, {}, 'Unknown'],
  ])('%s', (_name, spec, status, expected, message) => {
    const health = assessHealth(pod(spec, status));
    expect(health?.status).toBe(expected);
    if (message !== undefined) expect(health?.message).toContain(message);
  });

  it.each([
    ['CrashLoopBackOff', true],
    ['ErrImagePull', true],
    ['ImagePullBackOff', true],
    ['CreateContainerConfigError', true],
    ['InvalidImageName', true],
    ['ContainerCreating', false],
    ['PodInitializing', false],
  ])('treats waiting reason %s as stuck: %s', (reason, stuck) => {
    expect(isStuckWaitingReason(reason)).toBe(stuck);
  });
});
