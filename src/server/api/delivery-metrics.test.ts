import { describe, expect, it } from 'vitest';
import { deliveryMetrics, type DeliveryEvent } from './delivery-metrics.js';

const now = new Date('2025-03-31T00:00:00Z');
const ev = (
  kind: DeliveryEvent['kind'],
  subject: string,
  at: string,
  revision?: string,
): DeliveryEvent => ({
  kind,
  subject,
  ref: `${kind}-${at}`,
  at,
  ...(revision === undefined ? {} : { revision }),
});

describe('deliveryMetrics', () => {
  it('computes the four metrics over the window', () => {
    const events = [
      ev('deploy', 'shop/web', '2025-03-30T10:00:00Z', 'c1'),
      ev('deploy', 'shop/web', '2025-03-30T12:00:00Z', 'c2'),
      ev('deploy', 'shop/web', '2024-01-01T00:00:00Z', 'old'),
      ev('rollout-start', 'shop/web', '2025-03-30T10:01:00Z'),
      ev('rollout-start', 'shop/web', '2025-03-30T12:01:00Z'),
      ev('rollout-abort', 'shop/web', '2025-03-30T12:05:00Z'),
      ev('rollout-healthy', 'shop/web', '2025-03-30T12:06:30Z'),
    ];
    const runs = [
      { createdAt: '2025-03-30T09:50:00Z', commit: 'c1' },
      { createdAt: '2025-03-30T11:00:00Z', commit: undefined },
    ];
    const m = deliveryMetrics(events, runs, 30, now);
    expect(m.deploymentFrequency).toEqual({ deployments: 2, perDay: 0.07 });
    expect(m.leadTimeForChanges).toEqual({ samples: 1, medianSeconds: 600 });
    expect(m.changeFailureRate).toEqual({ started: 2, aborted: 1, rate: 0.5 });
    expect(m.timeToRestore).toEqual({ samples: 1, medianSeconds: 90 });
  });

  it('says null, not zero, when there is nothing to measure', () => {
    const m = deliveryMetrics([], [], 7, now);
    expect(m.changeFailureRate.rate).toBeNull();
    expect(m.leadTimeForChanges.medianSeconds).toBeNull();
  });
});
