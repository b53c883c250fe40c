import { useEffect, useState, type ReactElement } from 'react';
import { listApplications } from '../api/client';
import { useEventStream } from '../api/events';
import { healthStatuses, syncStatuses } from '../api/types';
import { ErrorBanner } from '../components/error-banner';
import { LiveIndicator } from '../components/live-indicator';
import { DataTable } from '../components/data-table';
import { FilterSelect } from '../components/filter-select';
import { CursorPager } from '../components/pager';
import { StatusBadge } from '../components/status-badge';
import { useCursorPages } from '../lib/cursor-pages';
import { formatAge, formatTime } from '../lib/duration';
import { useDebounced, useLoad, useNow, useThrottled } from '../lib/hooks';
import { Link, navigate, useLocation } from '../router/router';

// The applications list. Filtering, sorting and paging all happen on the server, so the page
// draws at most one page (50 rows) whatever the number of applications. Filters live in the URL.

const pageSize = 50;

function useFilterParam(name: string): [string, (value: string) => void] {
  const { query } = useLocation();
  const value = query.get(name) ?? '';
  const set = (next: string): void => {
    const params = new URLSearchParams(window.location.search);
    if (next === '') params.delete(name);
    else params.set(name, next);
    const text = params.toString();
    navigate(`${window.location.pathname}${text ? `?${text}` : ''}`, { replace: true });
  };
  return [value, set];
}

function SortHeader(props: {
  readonly field: string;
  readonly label: string;
  readonly sort: string;
  /** The first click's order: newest first suits times, A to Z suits names. */
  readonly firstDescending?: boolean;
  readonly onSort: (s: string) => void;
}): ReactElement {
  const { field, sort } = props;
  const direction = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
  const first = props.firstDescending === true ? `-${field}` : field;
  const next = direction === 'none' ? first : direction === 'ascending' ? `-${field}` : field;
  return (
    <th scope="col" aria-sort={direction}>
      <button type="button" className="sort" onClick={() => props.onSort(next)}>
        {props.label} {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
      </button>
    </th>
  );
}

export function ApplicationsPage(): ReactElement {
  const [sync, setSync] = useFilterParam('sync');
  const [health, setHealth] = useFilterParam('health');
  const [sort, setSort] = useFilterParam('sort');
  const [savedQ, setSavedQ] = useFilterParam('q');
  const [q, setQ] = useState(savedQ);
  const debouncedQ = useDebounced(q.trim(), 300);
  const pages = useCursorPages();
  const now = useNow(30_000);

  // Only the settled search text goes to the URL (and so to the server).
  useEffect(() => {
    if (debouncedQ !== savedQ) setSavedQ(debouncedQ);
  }, [debouncedQ]);

  const { reset } = pages;
  useEffect(() => reset(), [sync, health, sort, savedQ, reset]);

  const query = {
    limit: pageSize,
    cursor: pages.cursor,
    sort: sort || 'name',
    sync,
    health,
    q: savedQ,
  };
  const list = useLoad(
    (signal) => listApplications(query, { signal }),
    [pages.cursor, sort, sync, health, savedQ],
  );
  const reload = useThrottled(list.reload, 3000);
  const live = useEventStream('applications', reload, list.reload);
  const items = list.data?.items ?? [];

  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Applications</h1>
        <LiveIndicator state={live} />
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input
            type="search"
            value={q}
            placeholder="name contains…"
            onChange={(e) => setQ(e.target.value)}
          />
        </label>
        <FilterSelect label="Sync" value={sync} options={syncStatuses} onChange={setSync} />
        <FilterSelect label="Health" value={health} options={healthStatuses} onChange={setHealth} />
      </form>
      <ErrorBanner error={list.error} onRetry={list.reload} />
      <DataTable
        loading={list.loading}
        empty="No applications match."
        columns={[
          <SortHeader
            key="name"
            field="name"
            label="Name"
            sort={sort || 'name'}
            onSort={setSort}
          />,
          'Project',
          'Sync',
          'Health',
          'Revision',
          <SortHeader
            key="syncedAt"
            field="syncedAt"
            label="Last synced"
            sort={sort || 'name'}
            firstDescending
            onSort={setSort}
          />,
        ]}
      >
        {items.map((app) => (
          <tr key={`${app.namespace}/${app.name}`}>
            <td>
              <Link
                to={`/applications/${encodeURIComponent(app.namespace)}/${encodeURIComponent(app.name)}`}
              >
                {app.namespace ? <span className="muted">{app.namespace}/</span> : null}
                {app.name}
              </Link>
            </td>
            <td>{app.project}</td>
            <td>
              <StatusBadge status={app.sync} />
            </td>
            <td>
              <StatusBadge status={app.health} />
            </td>
            <td>
              <code>{app.revision?.slice(0, 8) ?? '–'}</code>
            </td>
            <td title={formatTime(app.syncedAt)}>{formatAge(app.syncedAt, now)}</td>
          </tr>
        ))}
      </DataTable>
      <CursorPager pages={pages} pageSize={pageSize} shown={items.length} page={list.data} />
    </section>
  );
}
