import type { ReactElement } from 'react';
import type { MetricPoint } from '../api/types';
import { linePath, placePoints } from '../lib/chart-geometry';

// A series (daily, or one point per window) as bars or a line, in plain SVG; the numbers are also in a table for those who
// cannot see the chart.

const box = { width: 640, height: 200, pad: 28 };

/** Every label when there are few points; the first and last of a long daily series. */
function labelled<T>(points: readonly T[]): T[] {
  if (points.length <= 12) return [...points];
  const first = points[0];
  const last = points[points.length - 1];
  return first === undefined || last === undefined ? [] : [first, last];
}

export function MetricChart(props: {
  readonly title: string;
  readonly points: readonly MetricPoint[];
  readonly kind: 'bar' | 'line';
  /** What each point is, e.g. "Day" or "Window". */
  readonly xLabel: string;
  readonly format: (value: number) => string;
}): ReactElement {
  const { points, max } = placePoints(props.points, box);
  const baseline = box.height - box.pad;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${box.width} ${box.height}`}
        role="img"
        aria-label={props.title}
        preserveAspectRatio="xMidYMid meet"
      >
        <line className="axis" x1={box.pad} y1={baseline} x2={box.width - box.pad} y2={baseline} />
        <line className="grid" x1={box.pad} y1={box.pad} x2={box.width - box.pad} y2={box.pad} />
        <text className="tick" x={box.pad} y={box.pad - 8}>
          {props.format(max)}
        </text>
        {props.kind === 'bar'
          ? points.map((p) =>
              p.value === null ? null : (
                <rect
                  key={p.date}
                  className="bar"
                  x={p.x - p.barWidth / 2}
                  y={p.y}
                  width={p.barWidth}
                  height={Math.max(0, baseline - p.y)}
                >
                  <title>{`${p.date}: ${props.format(p.value)}`}</title>
                </rect>
              ),
            )
          : null}
        {props.kind === 'line' ? <path className="line" d={linePath(points)} /> : null}
        {props.kind === 'line'
          ? points.map((p) =>
              p.value === null ? null : (
                <circle key={p.date} className="dot" cx={p.x} cy={p.y} r={3}>
                  <title>{`${p.date}: ${props.format(p.value)}`}</title>
                </circle>
              ),
            )
          : null}
        {labelled(points).map((p, i, all) => (
          <text
            key={p.date}
            className="tick"
            x={p.x}
            y={box.height - 6}
            textAnchor={all.length > 2 ? 'middle' : i === 0 ? 'start' : 'end'}
          >
            {p.date}
          </text>
        ))}
      </svg>
      {points.length === 0 ? <p className="empty">No data in this window.</p> : null}
      <details>
        <summary>Data</summary>
        <table className="data compact">
          <thead>
            <tr>
              <th scope="col">{props.xLabel}</th>
              <th scope="col">{props.title}</th>
            </tr>
          </thead>
          <tbody>
            {props.points.map((p) => (
              <tr key={p.date}>
                <td>{p.date}</td>
                <td>{p.value === null ? '–' : props.format(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
