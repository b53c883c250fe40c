import { useEffect, useState, type ReactElement } from 'react';
import { getRollout, rolloutAction } from '../api/client';
import { useEventStream, type StreamEvent } from '../api/events';
import { normalizeRolloutSnapshot, watchedObject } from '../api/normalize';
import type { Accepted, RolloutSnapshot } from '../api/types';
import { ActionButton } from '../components/action-button';
import { ErrorBanner } from '../components/error-banner';
import { LiveIndicator } from '../components/live-indicator';
import { AnalysisRunTable, ReplicaSetCard, StepList, WeightBar } from '../components/rollout-parts';
import { StatusBadge } from '../components/status-badge';
import { useLoad, useThrottled } from '../lib/hooks';
import { replicaSetViews, rolloutActions, stepsOf, weightAtStep } from '../lib/rollout-view';
import { Link } from '../router/router';

// One Rollout, live: a `rollout` event for it replaces the Rollout at once, and the ReplicaSets,
// pods and AnalysisRuns are read again (at most once a second) unless the event carried them.

function eventSnapshot(
  event: StreamEvent,
  namespace: string,
  name: string,
): RolloutSnapshot | undefined {
  if (event.type !== 'rollout') return undefined;
  const snapshot = normalizeRolloutSnapshot(watchedObject(event.data));
  const meta = snapshot.rollout.metadata;
  return meta.name === name && (meta.namespace ?? '') === namespace ? snapshot : undefined;
}

export function RolloutPage(props: {
  readonly namespace: string;
  readonly name: string;
}): ReactElement {
  const { namespace, name } = props;
  const loaded = useLoad((signal) => getRollout(namespace, name, { signal }), [namespace, name]);
  const [pushed, setPushed] = useState<{ snapshot: RolloutSnapshot; full: boolean }>();
  const reload = useThrottled(loaded.reload, 1000);
  // A fresh read supersedes whatever events brought before it.
  useEffect(() => setPushed(undefined), [loaded.data]);
  const live = useEventStream(
    'rollouts',
    (event) => {
      const snapshot = eventSnapshot(event, namespace, name);
      if (snapshot === undefined) return;
      const full = snapshot.replicaSets.length > 0;
      setPushed({ snapshot, full });
      if (!full) reload();
    },
    loaded.reload,
  );

  const base = loaded.data;
  const snapshot: RolloutSnapshot | undefined =
    pushed === undefined || base === undefined
      ? base
      : pushed.full
        ? pushed.snapshot
        : { ...base, rollout: pushed.snapshot.rollout };
  const act =
    (action: 'promote' | 'abort' | 'retry', full = false) =>
    () =>
      rolloutAction(namespace, name, action, full ? { full: true } : {});

  return (
    <section>
      <p className="crumbs">
        <Link to="/rollouts">Rollouts</Link> / {namespace}
      </p>
      <div className="page-head">
        <h1 tabIndex={-1}>{name}</h1>
        <LiveIndicator state={live} />
      </div>
      <ErrorBanner error={loaded.error} onRetry={loaded.reload} />
      {snapshot ? (
        <RolloutBody snapshot={snapshot} act={act} onDone={loaded.reload} />
      ) : loaded.loading ? (
        <p>Loading…</p>
      ) : null}
    </section>
  );
}

function RolloutBody(props: {
  readonly snapshot: RolloutSnapshot;
  readonly act: (action: 'promote' | 'abort' | 'retry', full?: boolean) => () => Promise<Accepted>;
  readonly onDone: () => void;
}): ReactElement {
  const { snapshot, act, onDone } = props;
  const { rollout } = snapshot;
  const status = rollout.status ?? {};
  const steps = stepsOf(rollout);
  const index = status.currentStepIndex ?? 0;
  const can = rolloutActions(rollout);
  const label = `${rollout.metadata.namespace ?? ''}/${rollout.metadata.name}`;
  return (
    <>
      <p>
        <StatusBadge status={status.abort ? 'Aborted' : status.phase} /> {status.message ?? ''}
      </p>
      <div className="toolbar">
        <ActionButton
          label="Promote"
          title={`Promote ${label}?`}
          primary={can.promote}
          run={act('promote')}
          onDone={onDone}
        >
          <p>Skips the current pause or waiting step and goes on to the next one.</p>
        </ActionButton>
        <ActionButton
          label="Promote full"
          title={`Promote ${label} fully?`}
          run={act('promote', true)}
          onDone={onDone}
        >
          <p>Skips every remaining step and analysis: the canary takes 100% of traffic now.</p>
        </ActionButton>
        <ActionButton
          label="Abort"
          title={`Abort ${label}?`}
          danger
          run={act('abort')}
          onDone={onDone}
        >
          <p>Sends all traffic back to the stable ReplicaSet and scales the canary down.</p>
        </ActionButton>
        <ActionButton
          label="Retry"
          title={`Retry ${label}?`}
          primary={can.retry}
          run={act('retry')}
          onDone={onDone}
        >
          <p>Starts the aborted update again from its first step.</p>
        </ActionButton>
      </div>
      <div className="columns">
        <div>
          <h2>Steps</h2>
          <StepList
            steps={steps}
            current={status.currentStepIndex}
            aborted={status.abort === true}
          />
        </div>
        <div>
          <h2>Weights</h2>
          <WeightBar label="Set weight" weight={weightAtStep(steps, index)} />
          <WeightBar label="Actual weight" weight={status.canary?.weights?.canary.weight} />
          <p className="muted">
            Replicas: {status.readyReplicas ?? 0} ready, {status.updatedReplicas ?? 0} updated,{' '}
            {status.availableReplicas ?? 0} available of {rollout.spec?.replicas ?? 1}
          </p>
        </div>
      </div>
      <h2>ReplicaSets</h2>
      <div className="rs-grid">
        {replicaSetViews(snapshot).map((view) => (
          <ReplicaSetCard key={view.replicaSet.metadata.name} view={view} />
        ))}
      </div>
      <h2>Analysis runs</h2>
      <AnalysisRunTable runs={snapshot.analysisRuns} />
    </>
  );
}
