import { describe, expect, it } from 'vitest';
import { FetchGate } from './fetch-gate.js';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve = (): void => undefined;
  let reject = (_e: Error): void => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('FetchGate', () => {
  it('lets concurrent callers share one fetch', async () => {
    const gate = new FetchGate(0);
    const d = deferred();
    let fetches = 0;
    const fetch = () => {
      fetches += 1;
      return d.promise;
    };
    const all = Promise.all(Array.from({ length: 50 }, () => gate.refresh('repo', fetch)));
    d.resolve();
    await all;
    expect(fetches).toBe(1);
  });

  it('fetches again once the last fetch is done when the ttl is 0', async () => {
    const gate = new FetchGate(0);
    let fetches = 0;
    const fetch = () => {
      fetches += 1;
      return Promise.resolve();
    };
    await gate.refresh('repo', fetch);
    await gate.refresh('repo', fetch);
    expect(fetches).toBe(2);
  });

  it('answers from the last fetch within the ttl, and not after', async () => {
    let now = 1_000;
    const gate = new FetchGate(500, () => now);
    let fetches = 0;
    const fetch = () => {
      fetches += 1;
      return Promise.resolve();
    };
    await gate.refresh('repo', fetch);
    now += 499;
    await gate.refresh('repo', fetch);
    expect(fetches).toBe(1);
    now += 1;
    await gate.refresh('repo', fetch);
    expect(fetches).toBe(2);
    gate.invalidate('repo');
    await gate.refresh('repo', fetch);
    expect(fetches).toBe(3);
  });

  it('does not count a failed fetch, and lets the next caller retry', async () => {
    const gate = new FetchGate(60_000);
    const d = deferred();
    const first = gate.refresh('repo', () => d.promise);
    const joined = gate.refresh('repo', () => Promise.resolve());
    d.reject(new Error('offline'));
    await expect(first).rejects.toThrow('offline');
    await expect(joined).rejects.toThrow('offline');
    let retried = false;
    await gate.refresh('repo', () => {
      retried = true;
      return Promise.resolve();
    });
    expect(retried).toBe(true);
  });

  it('keeps repositories apart', async () => {
    const gate = new FetchGate(60_000);
    const seen: string[] = [];
    await gate.refresh('a', () => Promise.resolve(void seen.push('a')));
    await gate.refresh('b', () => Promise.resolve(void seen.push('b')));
    expect(seen).toEqual(['a', 'b']);
  });
});
