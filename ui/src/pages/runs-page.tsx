import { type ReactElement } from 'react';
import { listPipelines, listRuns } from '../api/client';
import { useEventStream } from '../api/events';
import { runStatuses, type RunRecord } from '../api/types';
import { ErrorBanner } from '../components/error-banner';
import { LiveIndicator } from '../components/live-indicator';
import { Pager } from '../components/pager';
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
        <label>
          Pipeline
          <select value={pipeline} onChange={(e) => changeFilter('pipeline', e.target.value)}>
            <option value="">any</option>
            {pipelineNames.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => changeFilter('status', e.target.value)}>
            <option value="">any</option>
            {runStatuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </form>
      <ErrorBanner error={runs.error} onRetry={runs.reload} />
      <table className="data" aria-busy={runs.loading}>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Pipeline</th>
            <th scope="col">Status</th>
            <th scope="col">Trigger</th>
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
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
          {items.length === 0 && !runs.loading ? (
            <tr>
              <td colSpan={6} className="empty">
                No runs match.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <Pager
        pageIndex={pages.pageIndex}
        pageSize={pageSize}
        shown={items.length}
        total={runs.data?.total ?? 0}
        hasNext={(runs.data?.nextCursor ?? null) !== null}
        onPrevious={pages.previous}
        onNext={() => pages.next(runs.data?.nextCursor ?? null)}
      />
    </section>
  );
}
