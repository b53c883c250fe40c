import type { ReactElement } from 'react';
import type { ResourceDiff } from '../api/types';
import { diffLines } from '../lib/diff-lines';

const refText = (ref: ResourceDiff['ref']): string =>
  typeof ref === 'string'
    ? ref
    : `${ref.group ? `${ref.group}/` : ''}${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

/** Each out-of-sync resource's unified diff, additions and removals coloured (and marked +/-). */
export function DiffView(props: { readonly diffs: readonly ResourceDiff[] }): ReactElement {
  if (props.diffs.length === 0)
    return <p className="empty">No differences: the cluster matches Git.</p>;
  return (
    <div className="diffs">
      {props.diffs.map((d, i) => (
        <details key={`${refText(d.ref)}-${i}`} open={i < 5}>
          <summary>{refText(d.ref)}</summary>
          <pre className="diff">
            {diffLines(d.diff).map((line, n) => (
              <span key={n} className={`diff-${line.kind}`}>
                {line.text}
                {'\n'}
              </span>
            ))}
          </pre>
        </details>
      ))}
    </div>
  );
}
