import type { ReactElement } from 'react';
import type { AnalysisRun, CanaryStep } from '../api/types';
import { formatTime } from '../lib/duration';
import { stepMarkers, stepStates, stepText, type ReplicaSetView } from '../lib/rollout-view';
import { StatusBadge } from './status-badge';

// The pieces of the Rollout page: steps, weights, ReplicaSets with pods, analysis runs.

export function StepList(props: {
  readonly steps: readonly CanaryStep[];
  readonly current: number | undefined;
  readonly aborted: boolean;
}): ReactElement {
  const states = stepStates(props.steps.length, props.current, props.aborted);
  if (props.steps.length === 0)
    return <p className="empty">No canary steps: the update goes straight to 100%.</p>;
  return (
    <ol className="steps" start={0}>
      {props.steps.map((step, i) => {
        const state = states[i] ?? 'pending';
        return (
          <li
            key={i}
            className={`step step-${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <span className="marker" aria-hidden="true">
              {stepMarkers[state]}
            </span>
            <span className="visually-hidden">{state}: </span>
            <code>{stepText(step)}</code>
          </li>
        );
      })}
    </ol>
  );
}

export function WeightBar(props: {
  readonly label: string;
  readonly weight: number | undefined;
}): ReactElement {
  const weight = props.weight ?? 0;
  return (
    <div className="weight">
      <span className="weight-label">{props.label}</span>
      <div
        className="weight-track"
        role="meter"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={weight}
      >
        <div className="weight-fill" style={{ width: `${Math.max(0, Math.min(100, weight))}%` }} />
      </div>
      <span className="weight-value">{props.weight === undefined ? '–' : `${weight}%`}</span>
    </div>
  );
}

const readyText = (pod: ReplicaSetView['pods'][number]): string => {
  const containers = pod.status?.containerStatuses ?? [];
  return `${containers.filter((c) => c.ready === true).length}/${containers.length || '?'}`;
};

export function ReplicaSetCard(props: { readonly view: ReplicaSetView }): ReactElement {
  const { replicaSet, role, pods } = props.view;
  const images = replicaSet.spec?.template?.spec?.containers?.map((c) => c.image ?? '?') ?? [];
  return (
    <article className={`rs-card rs-${role}`}>
      <h3>
        <span className={`role role-${role}`}>{role}</span> {replicaSet.metadata.name}
      </h3>
      <p className="muted">
        {images.map((image) => (
          <code key={image}>{image}</code>
        ))}{' '}
        · {replicaSet.status?.readyReplicas ?? 0}/{replicaSet.spec?.replicas ?? 0} ready
      </p>
      <ul className="pods">
        {pods.map((pod) => {
          const restarts = (pod.status?.containerStatuses ?? []).reduce(
            (n, c) => n + (c.restartCount ?? 0),
            0,
          );
          return (
            <li key={pod.metadata.name}>
              <StatusBadge status={pod.status?.phase} /> {pod.metadata.name}{' '}
              <span className="muted">
                ready {readyText(pod)}
                {restarts ? ` · ${restarts} restarts` : ''}
              </span>
            </li>
          );
        })}
        {pods.length === 0 ? <li className="muted">no pods</li> : null}
      </ul>
    </article>
  );
}

export function AnalysisRunTable(props: { readonly runs: readonly AnalysisRun[] }): ReactElement {
  if (props.runs.length === 0) return <p className="empty">No analysis runs.</p>;
  return (
    <table className="data">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Phase</th>
          <th scope="col">Metrics</th>
          <th scope="col">Started</th>
        </tr>
      </thead>
      <tbody>
        {props.runs.map((run) => (
          <tr key={run.metadata.name}>
            <td>{run.metadata.name}</td>
            <td>
              <StatusBadge status={run.status?.phase ?? 'Pending'} />
              {run.status?.message ? <div className="message">{run.status.message}</div> : null}
            </td>
            <td>
              <ul className="metrics">
                {(run.status?.metricResults ?? []).map((m) => (
                  <li key={m.name}>
                    <StatusBadge status={m.phase} /> {m.name}{' '}
                    <span className="muted">
                      ✔ {m.successful ?? 0} ✖ {m.failed ?? 0} ? {m.inconclusive ?? 0} ⚠{' '}
                      {m.error ?? 0}
                      {m.measurements?.length
                        ? ` · last ${m.measurements[m.measurements.length - 1]?.value ?? '–'}`
                        : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </td>
            <td>{formatTime(run.status?.startedAt ?? run.metadata.creationTimestamp)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
