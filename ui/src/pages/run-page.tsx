import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { artifactUrl, getRun, getRunLogs, runAction } from '../api/client';
import { useEventStream } from '../api/events';
import type { JobRecord, LogLine, RunRecord } from '../api/types';
import { ActionButton } from '../components/action-button';
import { DagView } from '../components/dag-view';
import { ErrorBanner } from '../components/error-banner';
import { LiveIndicator } from '../components/live-indicator';
import { LogView } from '../components/log-view';
import { StatusBadge } from '../components/status-badge';
import { elapsedMs, formatDuration, formatTime } from '../lib/duration';
import { useLoad, useNow } from '../lib/hooks';
import { isLogLine, mergeLogLines } from '../lib/log-lines';
import { Link, navigate } from '../router/router';

// One pipeline run, live: `run` events replace the record, `log` events append lines after the
// ones read at first (`GET /logs?after=`), each seq once.

const maxLogPages = 50;

async function readAllLogs(id: string, signal: AbortSignal): Promise<readonly LogLine[]> {
  let lines: readonly LogLine[] = [];
  for (let page = 0; page < maxLogPages; page += 1) {
    const after = lines[lines.length - 1]?.seq ?? 0;
    const next = await getRunLogs(id, after, { signal });
    lines = mergeLogLines(lines, next);
    // Stop when a page brings nothing new (also if a server ignored `after`).
    if ((lines[lines.length - 1]?.seq ?? 0) <= after) break;
  }
  return lines;
}

const jobMatches = (line: LogLine, job: JobRecord): boolean =>
  line.job === job.id || line.job === job.name;

export function RunPage(props: { readonly id: string }): ReactElement {
  const { id } = props;
  const loaded = useLoad((signal) => getRun(id, { signal }), [id]);
  const firstLogs = useLoad((signal) => readAllLogs(id, signal), [id]);
  const [run, setRun] = useState<RunRecord>();
  const [lines, setLines] = useState<readonly LogLine[]>([]);
  const [selected, setSelected] = useState<string>();

  useEffect(() => setRun(loaded.data), [loaded.data]);
  useEffect(
    () => setLines((current) => mergeLogLines(current, firstLogs.data ?? [])),
    [firstLogs.data],
  );

  const live = useEventStream(
    `runs,logs:${id}`,
    (event) => {
      if (event.type === 'run' && (event.data as Partial<RunRecord> | undefined)?.id === id)
        setRun(event.data as RunRecord);
      if (event.type === 'log' && isLogLine(event.data, id)) {
        const line = event.data;
        setLines((current) => mergeLogLines(current, [line]));
      }
    },
    () => {
      loaded.reload();
      firstLogs.reload();
    },
  );

  const running = run?.status === 'running' || run?.status === 'queued';
  const now = useNow(1000, running);
  const jobs = run?.summary?.jobs ?? [];
  const job = jobs.find((j) => j.id === selected);
  const shownLines = useMemo(
    () => (job ? lines.filter((l) => jobMatches(l, job)) : lines),
    [job, lines],
  );

  return (
    <section>
      <p className="crumbs">
        <Link to="/runs">Pipelines</Link> / {run?.pipeline ?? ''}
      </p>
      <div className="page-head">
        <h1 tabIndex={-1}>Run {id}</h1>
        <LiveIndicator state={live} />
      </div>
      <ErrorBanner error={loaded.error} onRetry={loaded.reload} />
      {run ? (
        <>
          <RunHeader run={run} now={now} onDone={loaded.reload} />
          <h2>Jobs</h2>
          {jobs.length ? (
            <DagView jobs={jobs} selected={selected} now={now} onSelect={setSelected} />
          ) : (
            <p className="empty">No jobs yet.</p>
          )}
          <h2>{job ? `Steps of ${job.name}` : 'Steps'}</h2>
          <StepsTable jobs={job ? [job] : jobs} now={now} />
          <Artifacts run={run} />
        </>
      ) : loaded.loading ? (
        <p>Loading…</p>
      ) : null}
      <h2>{job ? `Log of ${job.name}` : 'Log'}</h2>
      <ErrorBanner error={firstLogs.error} onRetry={firstLogs.reload} />
      <LogView lines={shownLines} showJob={job === undefined} />
    </section>
  );
}

function RunHeader(props: {
  readonly run: RunRecord;
  readonly now: number;
  readonly onDone: () => void;
}): ReactElement {
  const { run, now } = props;
  const active = run.status === 'running' || run.status === 'queued';
  return (
    <>
      <dl className="summary">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={run.status} /> {run.summary?.reason ?? ''}
        </dd>
        <dt>Repository</dt>
        <dd>
          <code>{run.repo}</code> {run.summary?.file ? <code>{run.summary.file}</code> : null}
        </dd>
        <dt>Trigger</dt>
        <dd>
          {run.event?.kind ?? '–'} <code>{run.event?.ref ?? ''}</code>{' '}
          <code>{run.event?.sha?.slice(0, 12) ?? ''}</code>
        </dd>
        <dt>Started</dt>
        <dd>{formatTime(run.startedAt ?? run.createdAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(elapsedMs(run, now))}</dd>
      </dl>
      {(run.summary?.failures ?? []).length ? (
        <ul className="failures" aria-label="Failures">
          {(run.summary?.failures ?? []).map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      ) : null}
      <div className="toolbar">
        <ActionButton
          label="Cancel"
          title={`Cancel run ${run.id}?`}
          danger
          disabled={!active}
          run={() => runAction(run.id, 'cancel')}
          onDone={props.onDone}
        >
          <p>Stops the running jobs; steps still running are killed.</p>
        </ActionButton>
        <ActionButton
          label="Re-run"
          title={`Run ${run.pipeline} again?`}
          disabled={active}
          run={() => runAction(run.id, 'rerun')}
          onDone={(answer) => {
            if (answer?.run) navigate(`/runs/${encodeURIComponent(answer.run)}`);
            else props.onDone();
          }}
        >
          <p>Starts a new run of the same pipeline on the same commit.</p>
        </ActionButton>
      </div>
    </>
  );
}

function StepsTable(props: {
  readonly jobs: readonly JobRecord[];
  readonly now: number;
}): ReactElement {
  return (
    <table className="data steps-table">
      <thead>
        <tr>
          <th scope="col">Job / step</th>
          <th scope="col">Status</th>
          <th scope="col">Duration</th>
          <th scope="col">Message</th>
        </tr>
      </thead>
      {props.jobs.map((job) => (
        <tbody key={job.id}>
          <tr className="group-row">
            <th scope="rowgroup">{job.name}</th>
            <td>
              <StatusBadge status={job.status} />
            </td>
            <td>{formatDuration(elapsedMs(job, props.now))}</td>
            <td className="message">{job.message ?? ''}</td>
          </tr>
          {job.steps.map((step) => (
            <tr key={step.index}>
              <td className="indent">{step.name}</td>
              <td>
                <StatusBadge status={step.status} />
              </td>
              <td>{formatDuration(elapsedMs(step, props.now))}</td>
              <td className="message">{step.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      ))}
    </table>
  );
}

function Artifacts(props: { readonly run: RunRecord }): ReactElement | null {
  const artifacts = (props.run.summary?.jobs ?? []).flatMap((j) =>
    j.steps.flatMap((s) => s.artifacts ?? []),
  );
  const names = [...new Set(artifacts.map((a) => a.name))];
  if (names.length === 0) return null;
  return (
    <>
      <h2>Artifacts</h2>
      <ul className="artifacts">
        {names.map((name) => (
          <li key={name}>
            <a href={artifactUrl(props.run.id, name)} download={name}>
              {name}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
