import type { ReactElement } from 'react';
import { listRollouts } from '../api/client';
import { useEventStream } from '../api/events';
import { ErrorBanner } from '../components/error-banner';
import { LiveIndicator } from '../components/live-indicator';
import { DataTable } from '../components/data-table';
import { CursorPager } from '../components/pager';
import { StatusBadge } from '../components/status-badge';
import { useCursorPages } from '../lib/cursor-pages';
import { useLoad, useThrottled } from '../lib/hooks';
import { Link } from '../router/router';

const pageSize = 50;

export function RolloutsPage(): ReactElement {
  const pages = useCursorPages();
  const list = useLoad(
    (signal) => listRollouts({ limit: pageSize, cursor: pages.cursor }, { signal }),
    [pages.cursor],
  );
  const reload = useThrottled(list.reload, 1000);
  const live = useEventStream('rollouts', reload, list.reload);
  const items = list.data?.items ?? [];
  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Rollouts</h1>
        <LiveIndicator state={live} />
      </div>
      <ErrorBanner error={list.error} onRetry={list.reload} />
      <DataTable
        loading={list.loading}
        empty="No rollouts."
        columns={['Name', 'Project', 'Status', 'Step', 'Canary weight', 'Ready']}
      >
        {items.map((r) => (
          <tr key={`${r.namespace}/${r.name}`}>
            <td>
              <Link
                to={`/rollouts/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}`}
              >
                {r.namespace ? <span className="muted">{r.namespace}/</span> : null}
                {r.name}
              </Link>
            </td>
            <td>{r.project}</td>
            <td>
              <StatusBadge status={r.aborted ? 'Aborted' : r.phase} />
              {r.message ? <div className="message">{r.message}</div> : null}
            </td>
            <td>{r.steps ? `${Math.min(r.step ?? 0, r.steps)}/${r.steps}` : '–'}</td>
            <td>{r.canaryWeight === null ? '–' : `${r.canaryWeight}%`}</td>
            <td>
              {r.readyReplicas}/{r.replicas}
            </td>
          </tr>
        ))}
      </DataTable>
      <CursorPager pages={pages} pageSize={pageSize} shown={items.length} page={list.data} />
    </section>
  );
}
