import { describe, expect, it } from 'vitest';
import { assessHealth } from './assess-health.js';
import type { HealthStatus } from './health-status.js';

type Case = [
  name: string,
  spec: unknown,
  status: unknown,
  expected: HealthStatus,
  message?: string,
];

describe('Job health', () => {
  it.each<Case>([
    ['just created', {}, {}, 'Progressing'],
    ['running', {}, { active: 1 }, 'Progressing'],
    [
      'complete',
      {},
      { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] },
      'Healthy',
    ],
    [
      'failed',
      {},
      {
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
        ],
      },
      'Degraded',
      'backoff limit',
    ],
    [
      'failed, with only a reason',
      {},
      { conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded' }] },
      'Degraded',
      'DeadlineExceeded',
    ],
    ['suspended in its spec', { suspend: true }, {}, 'Suspended'],
    [
      'suspended, as confirmed by the controller',
      {},
      { conditions: [{ type: 'Suspended', status: 'True', message: 'Job suspended' }] },
      'Suspended',
    ],
    [
      'a Failed condition that is not True',
      {},
      { conditions: [{ type: 'Failed', status: 'False' }] },
      'Progressing',
    ],
    [
      'failed while suspended',
      { suspend: true },
      { conditions: [{ type: 'Failed', status: 'True' }] },
      'Degraded',
    ],
  ])('%s', (_name, spec, status, expected, message) => {
    const health = assessHealth({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {},
      spec,
      status,
    });
    expect(health?.status).toBe(expected);
    if (message !== undefined) expect(health?.message).toContain(message);
  });
});

describe('PersistentVolumeClaim health', () => {
  it.each<[unknown, HealthStatus]>([
    [{ phase: 'Bound' }, 'Healthy'],
    [{ phase: 'Pending' }, 'Progressing'],
    [{ phase: 'Lost' }, 'Degraded'],
    [{}, 'Unknown'],
  ])('status %j is %s', (status, expected) => {
    const health = assessHealth({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {},
      status,
    });
    expect(health?.status).toBe(expected);
  });
});
