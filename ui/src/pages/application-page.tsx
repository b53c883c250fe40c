import { useState, type ReactElement } from 'react';
import {
  getApplication,
  getApplicationDiff,
  getApplicationHistory,
  refreshApplication,
  rollbackApplication,
  syncApplication,
} from '../api/client';
import { useEventStream, type StreamEvent } from '../api/events';
import { watchedObject } from '../api/normalize';
import type { Application } from '../api/types';
import { ActionButton } from '../components/action-button';
import { DiffView } from '../components/diff-view';
import { ErrorBanner } from '../components/error-banner';
import { LiveIndicator } from '../components/live-indicator';
import { ResourceTreeView } from '../components/resource-tree-view';
import { ApplicationSummary } from '../components/application-summary';
import { formatTime } from '../lib/duration';
import { useLoad, useThrottled } from '../lib/hooks';
import { Link } from '../router/router';

const isThisApp = (event: StreamEvent, namespace: string, name: string): boolean => {
  const meta = (watchedObject(event.data) as Partial<Application> | undefined)?.metadata;
  return meta === undefined || (meta.name === name && (meta.namespace ?? '') === namespace);
};

export function ApplicationPage(props: {
  readonly namespace: string;
  readonly name: string;
}): ReactElement {
  const { namespace, name } = props;
  const app = useLoad((signal) => getApplication(namespace, name, { signal }), [namespace, name]);
  const diff = useLoad(
    (signal) => getApplicationDiff(namespace, name, { signal }),
    [namespace, name],
  );
  const history = useLoad(
    (signal) => getApplicationHistory(namespace, name, { signal }),
    [namespace, name],
  );
  const reloadAll = (): void => {
    app.reload();
    diff.reload();
    history.reload();
  };
  const throttledReload = useThrottled(reloadAll, 1000);
  const live = useEventStream(
    'applications',
    (event) => {
      if (isThisApp(event, namespace, name)) throttledReload();
    },
    reloadAll,
  );
  const [prune, setPrune] = useState(false);
  const [revision, setRevision] = useState('');
  const entries = [...(history.data ?? [])].sort((a, b) => b.id - a.id);
  const current = app.data?.status?.sync?.revision;

  return (
    <section>
      <p className="crumbs">
        <Link to="/applications">Applications</Link> / {namespace}
      </p>
      <div className="page-head">
        <h1 tabIndex={-1}>{name}</h1>
        <LiveIndicator state={live} />
      </div>
      <div className="toolbar">
        <ActionButton
          label="Sync"
          title={`Sync ${namespace}/${name}?`}
          primary
          run={() =>
            syncApplication(namespace, name, {
              ...(revision.trim() ? { revision: revision.trim() } : {}),
              prune,
            })
          }
          onDone={reloadAll}
        >
          <p>Applies the manifests from Git to the cluster.</p>
          <label className="inline">
            <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} />{' '}
            Prune resources no longer in Git
          </label>
          <label>
            Revision (empty for the target revision)
            <input
              value={revision}
              onChange={(e) => setRevision(e.target.value)}
              placeholder="HEAD"
            />
          </label>
        </ActionButton>
        <ActionButton
          label="Refresh"
          title={`Refresh ${namespace}/${name}?`}
          run={() => refreshApplication(namespace, name)}
          onDone={reloadAll}
        >
          <p>Compares Git with the cluster again now, without applying anything.</p>
        </ActionButton>
      </div>
      <ErrorBanner error={app.error} onRetry={app.reload} />
      {app.data ? <ApplicationSummary app={app.data} /> : app.loading ? <p>Loading…</p> : null}

      <h2>Resources</h2>
      <ResourceTreeView tree={app.data?.tree} resources={app.data?.status?.resources} />

      <h2>Diff</h2>
      <ErrorBanner error={diff.error} onRetry={diff.reload} />
      {diff.data ? <DiffView diffs={diff.data} /> : null}

      <h2>History</h2>
      <ErrorBanner error={history.error} onRetry={history.reload} />
      <table className="data">
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">Revision</th>
            <th scope="col">Deployed</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((h) => (
            <tr key={h.id}>
              <td>{h.id}</td>
              <td>
                <code>{h.revision.slice(0, 12)}</code>
              </td>
              <td>{formatTime(h.deployedAt)}</td>
              <td>
                {h.revision === current ? (
                  <span className="muted">current</span>
                ) : (
                  <ActionButton
                    label="Rollback"
                    title={`Roll ${name} back to deploy ${h.id}?`}
                    danger
                    run={() => rollbackApplication(namespace, name, h.id)}
                    onDone={reloadAll}
                  >
                    <p>
                      Deploys revision <code>{h.revision}</code> (deployed{' '}
                      {formatTime(h.deployedAt)}) again.
                    </p>
                  </ActionButton>
                )}
              </td>
            </tr>
          ))}
          {entries.length === 0 && !history.loading ? (
            <tr>
              <td colSpan={4} className="empty">
                Nothing deployed yet.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}
