import { useEffect, useRef, useState } from 'react';

// Live updates from GET /api/events. The browser's EventSource reconnects by itself and sends
// Last-Event-ID, so the server resumes where the stream broke; `reset` means it could not.

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'closed';
export type StreamEvent = { readonly type: string; readonly id: string; readonly data: unknown };

const eventTypes = ['application', 'rollout', 'run', 'log'] as const;

function parseData(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Subscribes to `topics` while mounted (and while `enabled`); `onEvent` gets every event,
 * `onReset` is called when the server lost our place, so the page should reload its data.
 */
export function useEventStream(
  topics: string,
  onEvent: (event: StreamEvent) => void,
  onReset: () => void,
  enabled = true,
): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handlers = useRef({ onEvent, onReset });
  handlers.current = { onEvent, onReset };

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      setState('closed');
      return undefined;
    }
    const source = new EventSource(`/api/events?topics=${encodeURIComponent(topics)}`);
    setState('connecting');
    const deliver = (e: MessageEvent<string>): void =>
      handlers.current.onEvent({ type: e.type, id: e.lastEventId, data: parseData(e.data) });
    const reset = (): void => handlers.current.onReset();
    source.onopen = () => setState('live');
    // EventSource retries by itself unless the server refused (e.g. 401): then it is CLOSED.
    source.onerror = () =>
      setState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    for (const type of eventTypes) source.addEventListener(type, deliver);
    source.addEventListener('message', deliver);
    source.addEventListener('reset', reset);
    return () => source.close();
  }, [topics, enabled]);

  return state;
}
