import { describe, expect, it } from 'vitest';
import { SlipwayMetrics } from './prom-metrics.js';

describe('SlipwayMetrics', () => {
  it('renders counters, gauges and histograms in the text format', () => {
    const metrics = new SlipwayMetrics(() => ({ Healthy: 2, Paused: 1 }));
    metrics.syncs.inc({ phase: 'Succeeded' });
    metrics.syncDuration.observe(3);
    metrics.httpRequests.inc({ method: 'GET', route: '/api/x', status: '200' }, 2);
    const text = metrics.render();
    expect(text).toContain('# TYPE slipway_syncs_total counter');
    expect(text).toContain('slipway_syncs_total{phase="Succeeded"} 1');
    expect(text).toContain('slipway_rollout_phase{phase="Paused"} 1');
    expect(text).toContain('slipway_sync_duration_seconds_bucket{le="2.5"} 0');
    expect(text).toContain('slipway_sync_duration_seconds_bucket{le="5"} 1');
    expect(text).toContain('slipway_sync_duration_seconds_bucket{le="+Inf"} 1');
    expect(text).toContain(
      'slipway_http_requests_total{method="GET",route="/api/x",status="200"} 2',
    );
    expect(text).toContain('slipway_webhook_deliveries_total 0');
    // Every sample line is `name{labels} value`.
    for (const line of text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#')))
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[\d.e+]+$/);
  });
});
