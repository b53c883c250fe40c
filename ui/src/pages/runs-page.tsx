import { type ReactElement } from 'react';
import { listPipelines, listRuns } from '../api/client';
import { useEventStream } from '../api/events';
import { runStatuses, type RunRecord } from '../api/types';
import { ErrorBanner } from '../components/error-banner';
import { LiveIndicator } from '../components/live-indicator';
import { DataTable } from '../components/data-table';
import { FilterSelect } from '../components/filter-select';
import { CursorPager } from '../components/pager';
import { StatusBadge } from '../components/status-badge';
import { useCursorPages } from '../lib/cursor-pages';
import { elapsedMs, formatAge, formatDuration, formatTime } from '../lib/duration';
import { useLoad, useNow, useThrottled } from '../lib/hooks';
import { Link, navigate, useLocation } from '../router/router';

// Pipelines seen, and their runs, newest first; filters live in the URL.

const pageSize = 50;

function setParam(name: string, value: string): void {
  const params = new URLSearchParams(window.location.search);
  if (value === '') params.delete(name);
  else params.set(name, value);
  const text = params.toString();
  navigate(`/runs${text ? `?${text}` : ''}`, { replace: true });
}

export const runLink = (run: RunRecord): string => `/runs/${encodeURIComponent(run.id)}`;

export function RunsPage(): ReactElement {
  const { query } = useLocation();
  const pipeline = query.get('pipeline') ?? '';
  const status = query.get('status') ?? '';
  const pages = useCursorPages();
  const now = useNow(5000);
  const pipelines = useLoad((signal) => listPipelines({ signal }), []);
  const runs = useLoad(
    (signal) => listRuns({ limit: pageSize, cursor: pages.cursor, pipeline, status }, { signal }),
    [pages.cursor, pipeline, status],
  );
  const reload = useThrottled(() => {
    runs.reload();
    pipelines.reload();
  }, 2000);
  const live = useEventStream('runs', reload, reload);
  const items = runs.data?.items ?? [];
  // The filter is an exact name; a name in the URL but not (yet) listed still shows as chosen.
  const pipelineNames = [
    ...new Set([
      ...(pipelines.data?.items ?? []).map((p) => p.name),
      ...(pipeline ? [pipeline] : []),
    ]),
  ].sort();
  const changeFilter = (name: string, value: string): void => {
    pages.reset();
    setParam(name, value);
  };

  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Pipelines</h1>
        <LiveIndicator state={live} />
      </div>
      <ErrorBanner error={pipelines.error} onRetry={pipelines.reload} />
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Pipeline</th>
            <th scope="col">Repository</th>
            <th scope="col">Last run</th>
          </tr>
        </thead>
        <tbody>
          {(pipelines.data?.items ?? []).map((p) => (
            <tr key={`${p.repo}:${p.name}`}>
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() => changeFilter('pipeline', p.name)}
                >
                  {p.name}
                </button>
              </td>
              <td>
                <code>{p.repo}</code>
              </td>
              <td>
                {p.lastRun ? (
                  <Link to={runLink(p.lastRun)}>
                    <StatusBadge status={p.lastRun.status} /> {formatAge(p.lastRun.createdAt, now)}
                  </Link>
                ) : (
                  '–'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Runs</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect
          label="Pipeline"
          value={pipeline}
          options={pipelineNames}
          onChange={(v) => changeFilter('pipeline', v)}
        />
        <FilterSelect
          label="Status"
          value={status}
          options={runStatuses}
          onChange={(v) => changeFilter('status', v)}
        />
      </form>
      <ErrorBanner error={runs.error} onRetry={runs.reload} />
      <DataTable
        loading={runs.loading}
        empty="No runs match."
        columns={['Run', 'Pipeline', 'Status', 'Trigger', 'Started', 'Duration']}
      >
        {items.map((run) => (
          <tr key={run.id}>
            <td>
              <Link to={runLink(run)}>{run.id}</Link>
            </td>
            <td>{run.pipeline}</td>
            <td>
              <StatusBadge status={run.status} />
            </td>
            <td>
              {run.event?.kind ?? ''} <code>{run.event?.ref ?? ''}</code>
            </td>
            <td title={formatTime(run.startedAt ?? run.createdAt)}>
              {formatAge(run.startedAt ?? run.createdAt, now)}
            </td>
            <td>{formatDuration(elapsedMs(run, now))}</td>
          </tr>
        ))}
      </DataTable>
      <CursorPager pages={pages} pageSize={pageSize} shown={items.length} page={runs.data} />
    </section>
  );
}
