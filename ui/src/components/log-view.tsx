import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { LogLine } from '../api/types';
import { AnsiText } from './ansi-text';

// The run's log, coloured; follows the end while "Follow" is on. Only the last lines are drawn
// so a long log does not slow the page; "Show all" draws everything.

const shownByDefault = 2000;

export function LogView(props: {
  readonly lines: readonly LogLine[];
  readonly showJob: boolean;
}): ReactElement {
  const [follow, setFollow] = useState(true);
  const [all, setAll] = useState(false);
  const box = useRef<HTMLPreElement>(null);
  const hidden = all ? 0 : Math.max(0, props.lines.length - shownByDefault);
  const lines = hidden > 0 ? props.lines.slice(hidden) : props.lines;

  const lastSeq = lines[lines.length - 1]?.seq;
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [follow, lastSeq, lines.length]);

  // Scrolling up to read stops following; scrolling back to the end resumes it.
  const onScroll = (): void => {
    const el = box.current;
    if (el === null) return;
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
    if (atEnd !== follow) setFollow(atEnd);
  };

  return (
    <div className="log-view">
      <div className="log-tools">
        <label className="inline">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />{' '}
          Follow
        </label>
        {hidden > 0 ? (
          <button type="button" onClick={() => setAll(true)}>
            Show all {props.lines.length.toLocaleString()} lines
          </button>
        ) : null}
        <span className="muted">
          {props.lines.length.toLocaleString()} {props.lines.length === 1 ? 'line' : 'lines'}
        </span>
      </div>
      <pre
        className="log"
        ref={box}
        tabIndex={0}
        aria-label="Log"
        aria-live="off"
        onScroll={onScroll}
      >
        {lines.map((l) => (
          <div key={l.seq} className="log-line">
            <span className="log-seq" aria-hidden="true">
              {l.seq}
            </span>
            {props.showJob ? (
              <span className="log-where">
                {l.job}/{l.step}
              </span>
            ) : null}
            <AnsiText text={l.line} />
          </div>
        ))}
        {lines.length === 0 ? <span className="muted">No output yet.</span> : null}
      </pre>
    </div>
  );
}
