import type { ReactElement } from 'react';
import { listRollouts } from '../api/client';
import { useEventStream } from '../api/events';
import { ErrorBanner } from '../components/error-banner';
import { LiveIndicator } from '../components/live-indicator';
import { Pager } from '../components/pager';
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
      <table className="data" aria-busy={list.loading}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Project</th>
            <th scope="col">Status</th>
            <th scope="col">Step</th>
            <th scope="col">Canary weight</th>
            <th scope="col">Ready</th>
          </tr>
        </thead>
        <tbody>
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
          {items.length === 0 && !list.loading ? (
            <tr>
              <td colSpan={6} className="empty">
                No rollouts.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <Pager
        pageIndex={pages.pageIndex}
        pageSize={pageSize}
        shown={items.length}
        total={list.data?.total ?? 0}
        hasNext={(list.data?.nextCursor ?? null) !== null}
        onPrevious={pages.previous}
        onNext={() => pages.next(list.data?.nextCursor ?? null)}
      />
    </section>
  );
}
