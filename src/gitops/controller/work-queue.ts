/**
 * A keyed work queue: a key is never processed twice at once, requests for a key that is waiting
 * merge (the strongest request wins), and a key asked for while running runs once more after.
 */
export class WorkQueue<R> {
  private readonly waiting = new Map<string, { request: R; dueAt: number }>();
  private readonly running = new Set<string>();
  private readonly again = new Map<string, { request: R; delayMs: number }>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly concurrency: number,
    private readonly merge: (a: R, b: R) => R,
    private readonly work: (key: string, request: R) => Promise<void>,
  ) {}

  add(key: string, request: R, delayMs = 0): void {
    if (this.stopped) return;
    if (this.running.has(key)) {
      const pending = this.again.get(key);
      this.again.set(
        key,
        pending === undefined
          ? { request, delayMs }
          : {
              request: this.merge(pending.request, request),
              delayMs: Math.min(pending.delayMs, delayMs),
            },
      );
      return;
    }
    const dueAt = Date.now() + delayMs;
    const existing = this.waiting.get(key);
    this.waiting.set(key, {
      request: existing ? this.merge(existing.request, request) : request,
      dueAt: existing ? Math.min(existing.dueAt, dueAt) : dueAt,
    });
    this.pump();
  }

  get size(): number {
    return this.waiting.size + this.running.size;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private pump(): void {
    if (this.stopped) return;
    const now = Date.now();
    let nextDue = Infinity;
    for (const [key, item] of this.waiting) {
      if (this.running.size >= this.concurrency) break;
      if (item.dueAt > now) {
        nextDue = Math.min(nextDue, item.dueAt);
        continue;
      }
      this.waiting.delete(key);
      this.running.add(key);
      void this.work(key, item.request)
        .catch(() => undefined)
        .finally(() => {
          this.running.delete(key);
          const again = this.again.get(key);
          this.again.delete(key);
          if (again !== undefined) this.add(key, again.request, again.delayMs);
          this.pump();
        });
    }
    if (this.timer) clearTimeout(this.timer);
    if (nextDue !== Infinity)
      this.timer = setTimeout(() => this.pump(), Math.max(nextDue - Date.now(), 1));
  }
}
