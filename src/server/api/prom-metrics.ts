// Slipway's own Prometheus metrics, written in the text exposition format (0.0.4) without a
// client library: counters, gauges and histograms with labels, and nothing else.

type Labels = Readonly<Record<string, string>>;

const escapeLabel = (v: string): string =>
  v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function labelText(labels: Labels, extra: Labels = {}): string {
  const all = { ...labels, ...extra };
  const parts = Object.entries(all).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

const keyOf = (labels: Labels): string => JSON.stringify(Object.entries(labels).sort());

type Metric = { readonly render: () => string[] };

export class Counter implements Metric {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = keyOf(labels);
    const entry = this.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    this.values.set(key, entry);
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const { labels, value } of this.values.values())
      lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines;
  }
}

/** A gauge read at scrape time, from state kept elsewhere. */
export class Gauge implements Metric {
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly read: () => readonly { labels: Labels; value: number }[],
  ) {}

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const { labels, value } of this.read())
      lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines;
  }
}

export class Histogram implements Metric {
  private readonly series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >();
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[],
  ) {}

  observe(value: number, labels: Labels = {}): void {
    const key = keyOf(labels);
    const entry = this.series.get(key) ?? {
      labels,
      counts: this.buckets.map(() => 0),
      sum: 0,
      count: 0,
    };
    this.buckets.forEach((le, i) => {
      if (value <= le) entry.counts[i] = (entry.counts[i] ?? 0) + 1;
    });
    entry.sum += value;
    entry.count += 1;
    this.series.set(key, entry);
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    const all = this.series.size === 0 ? [undefined] : [...this.series.values()];
    for (const entry of all) {
      const labels = entry?.labels ?? {};
      this.buckets.forEach((le, i) => {
        const count = entry?.counts[i] ?? 0;
        lines.push(`${this.name}_bucket${labelText(labels, { le: String(le) })} ${count}`);
      });
      lines.push(`${this.name}_bucket${labelText(labels, { le: '+Inf' })} ${entry?.count ?? 0}`);
      lines.push(`${this.name}_sum${labelText(labels)} ${entry?.sum ?? 0}`);
      lines.push(`${this.name}_count${labelText(labels)} ${entry?.count ?? 0}`);
    }
    return lines;
  }
}

const durationBuckets = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/** Every metric Slipway exposes at /metrics. */
export class SlipwayMetrics {
  readonly syncs = new Counter(
    'slipway_syncs_total',
    'Application sync operations finished, by phase.',
  );
  readonly syncDuration = new Histogram(
    'slipway_sync_duration_seconds',
    'How long Application sync operations took.',
    durationBuckets,
  );
  readonly pipelineRuns = new Counter(
    'slipway_pipeline_runs_total',
    'Pipeline runs finished, by status.',
  );
  readonly pipelineRunDuration = new Histogram(
    'slipway_pipeline_run_duration_seconds',
    'How long pipeline runs took from start to end.',
    durationBuckets,
  );
  readonly webhookDeliveries = new Counter(
    'slipway_webhook_deliveries_total',
    'Webhook deliveries received, by provider and HTTP status.',
  );
  readonly httpRequests = new Counter(
    'slipway_http_requests_total',
    'HTTP requests served, by method, route and status.',
  );
  private readonly rolloutPhase: Gauge;

  constructor(rolloutPhases: () => Readonly<Record<string, number>>) {
    this.rolloutPhase = new Gauge('slipway_rollout_phase', 'Rollouts in each phase.', () =>
      Object.entries(rolloutPhases()).map(([phase, value]) => ({ labels: { phase }, value })),
    );
  }

  render(): string {
    const metrics: Metric[] = [
      this.syncs,
      this.syncDuration,
      this.rolloutPhase,
      this.pipelineRuns,
      this.pipelineRunDuration,
      this.webhookDeliveries,
      this.httpRequests,
    ];
    return `${metrics.flatMap((m) => m.render()).join('\n')}\n`;
  }
}
