import type { ReactElement } from 'react';
import { toneOf } from '../lib/status-tone';

/** A status word in its colour; the word itself carries the meaning, colour only helps. */
export function StatusBadge(props: {
  readonly status: string | undefined;
  readonly label?: string;
}): ReactElement {
  const status = props.status ?? 'Unknown';
  return (
    <span
      className={`badge tone-${toneOf(status)}`}
      title={props.label ? `${props.label}: ${status}` : undefined}
    >
      {status}
    </span>
  );
}
