import { type ReactElement } from 'react';
import { deletePreview, listPreviews } from '../api/client';
import type { Preview } from '../api/types';
import { ActionButton } from '../components/action-button';
import { DataTable } from '../components/data-table';
import { ErrorBanner } from '../components/error-banner';
import { StatusBadge } from '../components/status-badge';
import { formatAge, formatTime } from '../lib/duration';
import { useLoad, useNow } from '../lib/hooks';

// Pull requests' preview environments: where each runs, how it is doing and when it expires,
// with a way to delete one by hand.

const refreshMs = 10_000;

function expiry(preview: Preview, now: number): string {
  const left = Date.parse(preview.expiresAt) - now;
  if (Number.isNaN(left)) return '–';
  if (left <= 0) return 'due';
  const hours = Math.floor(left / 3_600_000);
  return hours >= 1 ? `in ${hours} h` : `in ${Math.max(1, Math.round(left / 60_000))} min`;
}

export function PreviewsPage(): ReactElement {
  const now = useNow(refreshMs);
  const previews = useLoad((signal) => listPreviews({ signal }), [now]);
  const items = previews.data ?? [];

  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Previews</h1>
      </div>
      <ErrorBanner error={previews.error} onRetry={previews.reload} />
      <DataTable
        loading={previews.loading}
        empty={
          <>
            No previews. A pull request gets one when its pipeline pushes an image of an app with{' '}
            <code>preview:</code> in the --pipeline-repos file.
          </>
        }
        columns={[
          'Pull request',
          'App',
          'Namespace',
          'URL',
          'Status',
          'Expires',
          <th key="actions" scope="col">
            <span className="visually-hidden">Actions</span>
          </th>,
        ]}
      >
        {items.map((p) => (
          <tr key={`${p.app}/${p.pr}`}>
            <td>
              #{p.pr}
              {p.branch ? (
                <>
                  {' '}
                  <code>{p.branch}</code>
                </>
              ) : null}
            </td>
            <td>{p.app}</td>
            <td>
              <code>{p.namespace}</code>
            </td>
            <td>
              {p.url ? (
                <a href={p.url} target="_blank" rel="noreferrer">
                  {p.url}
                </a>
              ) : (
                '–'
              )}
            </td>
            <td title={p.message ?? undefined}>
              <StatusBadge status={p.status} />
              {p.updatedAt ? ` ${formatAge(p.updatedAt, now)}` : ''}
            </td>
            <td title={formatTime(p.expiresAt)}>{expiry(p, now)}</td>
            <td>
              <ActionButton
                label="Delete"
                title={`Delete the preview of PR #${p.pr} (${p.app})?`}
                danger
                disabled={p.status === 'Deleting'}
                run={() => deletePreview(p.app, p.pr)}
                onDone={previews.reload}
              >
                <p>
                  Its Application, the namespace <code>{p.namespace}</code> and its image tags go. A
                  new push to the pull request makes it again.
                </p>
              </ActionButton>
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
