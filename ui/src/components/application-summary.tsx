import type { ReactElement } from 'react';
import type { Application } from '../api/types';
import { formatTime } from '../lib/duration';
import { StatusBadge } from './status-badge';

// Where an Application comes from and goes to, and how it stands now.

function SourceFacts(props: { readonly app: Application }): ReactElement {
  const spec = props.app.spec ?? {};
  const source = spec.source ?? {};
  return (
    <>
      <dt>Project</dt>
      <dd>{spec.project ?? 'default'}</dd>
      <dt>Source</dt>
      <dd>
        <code>{source.repoURL ?? '–'}</code> {source.path ? <code>{source.path}</code> : null} @{' '}
        <code>{source.targetRevision ?? 'HEAD'}</code>
      </dd>
      <dt>Destination</dt>
      <dd>
        {spec.destination?.server ?? 'in-cluster'} / {spec.destination?.namespace ?? '–'}
      </dd>
    </>
  );
}

function StatusFacts(props: { readonly app: Application }): ReactElement {
  const status = props.app.status ?? {};
  const op = status.operationState;
  return (
    <>
      <dt>Sync</dt>
      <dd>
        <StatusBadge status={status.sync?.status} />{' '}
        <code>{status.sync?.revision?.slice(0, 12) ?? ''}</code>
      </dd>
      <dt>Health</dt>
      <dd>
        <StatusBadge status={status.health?.status} /> {status.health?.message ?? ''}
      </dd>
      {op ? (
        <>
          <dt>Last operation</dt>
          <dd>
            <StatusBadge status={op.phase} /> {op.message ?? ''}{' '}
            <span className="muted">{formatTime(op.finishedAt ?? op.startedAt)}</span>
          </dd>
        </>
      ) : null}
      {(status.conditions ?? []).map((c) => (
        <Condition key={c.type} type={c.type} message={c.message} />
      ))}
    </>
  );
}

function Condition(props: { readonly type: string; readonly message: string }): ReactElement {
  return (
    <>
      <dt>{props.type}</dt>
      <dd className="condition">{props.message}</dd>
    </>
  );
}

export function ApplicationSummary(props: { readonly app: Application }): ReactElement {
  return (
    <dl className="summary">
      <SourceFacts app={props.app} />
      <StatusFacts app={props.app} />
    </dl>
  );
}
