/**
 * Coalesces fetches: callers for one key share the fetch in flight, and within `ttlMs` of the
 * last successful one no new fetch starts. This is what turns 1,000 Applications on one repo
 * into one fetch per reconcile instead of 1,000.
 */
export class FetchGate {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly lastSuccess = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `fetch` unless one is running for `key` (then joins it) or one succeeded recently. */
  refresh(key: string, fetch: () => Promise<void>): Promise<void> {
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const last = this.lastSuccess.get(key);
    if (last !== undefined && this.now() - last < this.ttlMs) return Promise.resolve();
    // Measured from the start: whatever was pushed during the fetch may not be in it.
    const startedAt = this.now();
    const shared = fetch()
      .then(() => {
        this.lastSuccess.set(key, startedAt);
      })
      .finally(() => {
        this.inFlight.delete(key);
      });
    // Set before any caller can yield, so every concurrent caller finds it.
    this.inFlight.set(key, shared);
    return shared;
  }

  /** Forgets when `key` was last fetched, so the next refresh asks the remote. */
  invalidate(key: string): void {
    this.lastSuccess.delete(key);
  }
}
