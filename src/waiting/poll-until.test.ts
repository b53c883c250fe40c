import { describe, expect, it } from 'vitest';
import { pollUntil } from './poll-until.js';

describe('pollUntil', () => {
  it('returns the first value the check gives', async () => {
    let calls = 0;
    expect(
      await pollUntil(1000, () => Promise.resolve(++calls === 3 ? 'ready' : undefined), 1),
    ).toBe('ready');
    expect(calls).toBe(3);
  });
  it('gives undefined after the timeout', async () => {
    expect(await pollUntil(20, () => Promise.resolve(undefined), 5)).toBeUndefined();
  });
});
