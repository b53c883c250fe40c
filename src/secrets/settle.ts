/** Runs synchronous work as a promise, so a throw becomes a rejection as callers of async APIs expect. */
export function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
