import type { ReactElement } from 'react';
import type { JobRecord } from '../api/types';
import { dagSizes, layoutDag } from '../lib/dag';
import { elapsedMs, formatDuration } from '../lib/duration';
import { toneOf } from '../lib/status-tone';

/** The run's jobs in columns by level, arrows from each need; a job is a button that selects it. */
export function DagView(props: {
  readonly jobs: readonly JobRecord[];
  readonly selected: string | undefined;
  readonly now: number;
  readonly onSelect: (jobId: string | undefined) => void;
}): ReactElement {
  const layout = layoutDag(props.jobs);
  const { nodeWidth, nodeHeight } = dagSizes;
  return (
    <div className="dag-scroll">
      <div className="dag" style={{ width: layout.width, height: layout.height }}>
        <svg width={layout.width} height={layout.height} aria-hidden="true" className="dag-edges">
          <defs>
            <marker
              id="dag-arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" />
            </marker>
          </defs>
          {layout.edges.map((edge) => (
            <path key={`${edge.from}->${edge.to}`} d={edge.path} markerEnd="url(#dag-arrow)" />
          ))}
        </svg>
        {layout.nodes.map(({ job, x, y }) => {
          const active = props.selected === job.id;
          return (
            <button
              key={job.id}
              type="button"
              className={`dag-node tone-${toneOf(job.status)}${active ? ' selected' : ''}`}
              style={{ left: x, top: y, width: nodeWidth, height: nodeHeight }}
              aria-pressed={active}
              onClick={() => props.onSelect(active ? undefined : job.id)}
            >
              <span className="dag-name">{job.name}</span>
              <span className="dag-meta">
                {job.status} · {formatDuration(elapsedMs(job, props.now))}
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
