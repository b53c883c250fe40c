import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue.js';

const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('WorkQueue', () => {
  it('never runs one key twice at once, and runs it once more when asked while running', async () => {
    const log: string[] = [];
    let release: () => void = () => undefined;
    const q = new WorkQueue<boolean>(
      4,
      (a, b) => a || b,
      async (key, hard) => {
        log.push(`${key}:${hard}`);
        if (log.length === 1) await new Promise<void>((r) => (release = r));
      },
    );
    q.add('a', false);
    await tick();
    q.add('a', false);
    q.add('a', true);
    await tick();
    expect(log).toEqual(['a:false']);
    release();
    await tick(20);
    expect(log).toEqual(['a:false', 'a:true']);
    q.stop();
  });

  it('merges waiting requests and respects delays and concurrency', async () => {
    const started: string[] = [];
    const q = new WorkQueue<number>(
      1,
      (a, b) => Math.max(a, b),
      async (key, n) => {
        started.push(`${key}:${n}`);
        await tick(50);
      },
    );
    q.add('x', 1, 30);
    q.add('x', 2, 30);
    q.add('y', 1);
    q.add('z', 1);
    await tick(20);
    expect(started).toEqual(['y:1']);
    await tick(200);
    // x ran once, with its two requests merged; concurrency 1 ran them one after another.
    expect([...started].sort()).toEqual(['x:2', 'y:1', 'z:1']);
    q.stop();
  });
});
