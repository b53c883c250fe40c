/** Waits `ms`, or less when the signal fires (the caller then checks `signal.aborted`). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A delay with up to 50% random jitter, so two retrying writers do not collide again in step. */
export const jittered = (ms: number): number => Math.round(ms * (1 + Math.random() * 0.5));
