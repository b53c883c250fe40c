import type { ReactElement } from 'react';
import type { LiveState } from '../api/events';

const text: Readonly<Record<LiveState, string>> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Not live (reload to retry)',
};

export function LiveIndicator(props: { readonly state: LiveState }): ReactElement {
  return (
    <span className={`live live-${props.state}`} role="status">
      {text[props.state]}
    </span>
  );
}
