// Live updates for `GET /api/events`: every change gets a monotonically increasing id and goes
// into a ring buffer, so a client that reconnects with Last-Event-ID misses nothing (or is told
// to reload when it has been away longer than the buffer remembers).

export type HubEventKind = 'application' | 'rollout' | 'run' | 'log';

export type HubEvent = {
  readonly id: number;
  readonly event: HubEventKind;
  /** `applications`, `rollouts`, `runs` or `logs:<runId>`. */
  readonly topic: string;
  /** Who may see it: the project of the object. */
  readonly project: string;
  readonly data: unknown;
};

export type Replay =
  { readonly reset: false; readonly events: readonly HubEvent[] } | { readonly reset: true };

type Listener = (event: HubEvent) => void;

export class EventHub {
  private readonly ring: HubEvent[] = [];
  private start = 0;
  private lastId: number;
  private readonly listeners = new Set<Listener>();

  /**
   * Ids start from the clock, so an id from before a restart is older than anything kept here
   * and gets a reset rather than a silent gap.
   */
  constructor(
    private readonly capacity = 10_000,
    firstId = Date.now() * 1000,
  ) {
    this.lastId = firstId;
  }

  publish(event: HubEventKind, topic: string, project: string, data: unknown): HubEvent {
    this.lastId += 1;
    const entry: HubEvent = { id: this.lastId, event, topic, project, data };
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else {
      this.ring[this.start] = entry;
      this.start = (this.start + 1) % this.capacity;
    }
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** The events after `lastEventId`, or a reset when some of them are no longer kept. */
  since(lastEventId: number): Replay {
    const oldest = this.ordered()[0]?.id ?? this.lastId + 1;
    if (!Number.isInteger(lastEventId) || lastEventId > this.lastId || lastEventId < oldest - 1)
      return { reset: true };
    return { reset: false, events: this.ordered().filter((e) => e.id > lastEventId) };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.ring.length;
  }

  private ordered(): HubEvent[] {
    return this.start === 0
      ? this.ring
      : [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
  }
}

/** `applications,rollouts,logs:r1` → the topics asked for; all but logs when absent. Pure. */
export function parseTopics(raw: string | undefined): Set<string> {
  const topics = (raw ?? 'applications,rollouts,runs').split(',').map((t) => t.trim());
  return new Set(topics.filter((t) => t !== ''));
}

/** One event in the text/event-stream framing. Pure. */
export function frame(event: HubEvent): string {
  return `id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
