import { describe, expect, it } from 'vitest';
import { KeyLock } from './key-lock.js';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('KeyLock', () => {
  it('runs operations on one key one after another, in arrival order', async () => {
    const lock = new KeyLock();
    const order: string[] = [];
    const slow = lock.run('a', async () => {
      order.push('create start');
      await tick(20);
      order.push('create end');
    });
    const close = lock.run('a', () => {
      order.push('close');
      return Promise.resolve();
    });
    await Promise.all([slow, close]);
    expect(order).toEqual(['create start', 'create end', 'close']);
  });

  it('runs on after a failure, and keys do not wait for each other', async () => {
    const lock = new KeyLock();
    const order: string[] = [];
    const failed = lock.run('a', async () => {
      await tick(20);
      throw new Error('boom');
    });
    const other = lock.run('b', () => Promise.resolve(order.push('b')));
    const after = lock.run('a', () => Promise.resolve(order.push('a after failure')));
    await expect(failed).rejects.toThrow('boom');
    await Promise.all([other, after]);
    expect(order).toEqual(['b', 'a after failure']);
    await lock.idle();
  });
});
