import { useState, type ReactElement } from 'react';
import { getDeliveryMetrics } from '../api/client';
import type { DeliveryMetric, DeliveryMetrics } from '../api/types';
import { ErrorBanner } from '../components/error-banner';
import { MetricChart } from '../components/metric-chart';
import { formatDuration } from '../lib/duration';
import { useLoad } from '../lib/hooks';

// The four DORA metrics. The server answers one window at a time, so the chart compares the
// last 7, 30 and 90 days; a daily series, when the server sends one, is drawn as well.

const windows = [7, 30, 90] as const;
type MetricKey = Exclude<keyof DeliveryMetrics, 'days'>;

function formatterFor(unit: DeliveryMetric['unit']): (value: number) => string {
  if (unit === 'ratio') return (v) => `${(v * 100).toFixed(v < 0.1 && v > 0 ? 1 : 0)}%`;
  if (unit === 'seconds') return (v) => formatDuration(v * 1000);
  return (v) => `${Number.isInteger(v) ? v : v.toFixed(2)}/day`;
}

const cards: readonly { key: MetricKey; title: string; about: string }[] = [
  {
    key: 'deploymentFrequency',
    title: 'Deployment frequency',
    about: 'Deploys to production per day.',
  },
  {
    key: 'leadTimeForChanges',
    title: 'Lead time for changes',
    about: 'From the commit to running in production (median).',
  },
  {
    key: 'changeFailureRate',
    title: 'Change failure rate',
    about: 'Share of rollouts that were aborted.',
  },
  {
    key: 'timeToRestore',
    title: 'Time to restore',
    about: 'From a failed rollout to healthy again (median).',
  },
];

function MetricCard(props: {
  readonly title: string;
  readonly about: string;
  readonly days: number;
  readonly byWindow: readonly { days: number; metric: DeliveryMetric }[];
}): ReactElement | null {
  const current = props.byWindow.find((w) => w.days === props.days)?.metric;
  if (current === undefined) return null;
  const format = formatterFor(current.unit);
  return (
    <article className="metric-card">
      <h2>{props.title}</h2>
      <p className="metric-value">{current.value === null ? '–' : format(current.value)}</p>
      <p className="muted">
        {props.about} {current.detail ? `Last ${props.days} days: ${current.detail}.` : ''}
      </p>
      <MetricChart
        title={`${props.title} by window`}
        xLabel="Window"
        kind="bar"
        format={format}
        points={props.byWindow.map((w) => ({ date: `${w.days} days`, value: w.metric.value }))}
      />
      {current.series.length > 0 ? (
        <MetricChart
          title={`${props.title}, per day`}
          xLabel="Day"
          kind="line"
          format={format}
          points={current.series}
        />
      ) : null}
    </article>
  );
}

export function MetricsPage(): ReactElement {
  const [days, setDays] = useState<number>(30);
  const metrics = useLoad(
    (signal) =>
      Promise.all(windows.map((d) => getDeliveryMetrics(d, { signal }))).then((answers) =>
        answers.map((m, i) => ({ days: windows[i] ?? m.days, metrics: m })),
      ),
    [],
  );
  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Delivery metrics</h1>
        <label>
          Headline window{' '}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {windows.map((d) => (
              <option key={d} value={d}>
                last {d} days
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={metrics.reload}>
          Reload
        </button>
      </div>
      <ErrorBanner error={metrics.error} onRetry={metrics.reload} />
      {metrics.data ? (
        <div className="metric-grid">
          {cards.map((card) => (
            <MetricCard
              key={card.key}
              title={card.title}
              about={card.about}
              days={days}
              byWindow={(metrics.data ?? []).map((w) => ({
                days: w.days,
                metric: w.metrics[card.key],
              }))}
            />
          ))}
        </div>
      ) : metrics.loading ? (
        <p>Loading…</p>
      ) : null}
    </section>
  );
}
