import type { ReactElement } from 'react';
import { listAudit } from '../api/client';
import { DataTable } from '../components/data-table';
import { ErrorBanner } from '../components/error-banner';
import { Pager } from '../components/pager';
import { StatusBadge } from '../components/status-badge';
import { useCursorPages } from '../lib/cursor-pages';
import { formatTime } from '../lib/duration';
import { useLoad } from '../lib/hooks';

const pageSize = 100;

// The audit answer has no cursor today; paging goes by `before` (the oldest time shown). A
// cursor, if the server adds one, is used instead. The page marker keeps which it is.
const byCursor = 'cursor:';
const byTime = 'before:';

function pageQuery(marker: string | undefined): { cursor?: string; before?: string } {
  if (marker?.startsWith(byCursor)) return { cursor: marker.slice(byCursor.length) };
  if (marker?.startsWith(byTime)) return { before: marker.slice(byTime.length) };
  return {};
}

export function AuditPage(): ReactElement {
  const pages = useCursorPages();
  const audit = useLoad(
    (signal) => listAudit({ limit: pageSize, ...pageQuery(pages.cursor) }, { signal }),
    [pages.cursor],
  );
  const items = audit.data?.items ?? [];
  const oldest = items[items.length - 1]?.at;
  const nextCursor = audit.data?.nextCursor ?? null;
  const nextMarker =
    nextCursor !== null
      ? `${byCursor}${nextCursor}`
      : items.length === pageSize && oldest !== undefined
        ? `${byTime}${oldest}`
        : null;
  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Audit</h1>
        <button type="button" onClick={audit.reload}>
          Reload
        </button>
      </div>
      <ErrorBanner error={audit.error} onRetry={audit.reload} />
      <DataTable
        loading={audit.loading}
        empty="Nothing recorded."
        columns={['When', 'Who', 'Action', 'Target', 'Project', 'From', 'Outcome']}
      >
        {items.map((e, i) => (
          <tr key={`${e.at}-${e.who}-${e.action}-${i}`}>
            <td>{formatTime(e.at)}</td>
            <td>{e.who}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>{e.target}</td>
            <td>{e.project}</td>
            <td>
              <code>{e.from}</code>
            </td>
            <td>
              <StatusBadge status={e.outcome} />
              {e.detail ? <div className="message">{e.detail}</div> : null}
            </td>
          </tr>
        ))}
      </DataTable>
      <Pager
        pageIndex={pages.pageIndex}
        pageSize={pageSize}
        shown={items.length}
        total={audit.data?.total ?? null}
        hasNext={nextMarker !== null}
        onPrevious={pages.previous}
        onNext={() => pages.next(nextMarker)}
      />
    </section>
  );
}
