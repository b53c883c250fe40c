import { describe, expect, it } from 'vitest';
import { decideConcurrency, isAbandoned } from './concurrency.js';

const run = (
  id: string,
  status: 'queued' | 'running',
  second: number,
  cancelRequested = false,
) => ({
  id,
  status,
  createdAt: `2026-01-01T00:00:0${second}.000Z`,
  cancelRequested,
});

describe('decideConcurrency', () => {
  const self = run('new', 'queued', 5);

  it('proceeds when nothing older is active in the group', () => {
    expect(decideConcurrency(self, [self, run('later', 'queued', 7)], false)).toEqual({
      kind: 'proceed',
    });
  });

  it('waits for a running run without cancel-in-progress', () => {
    expect(decideConcurrency(self, [run('old', 'running', 1)], false)).toEqual({
      kind: 'wait',
      cancel: [],
      waitingFor: ['old'],
    });
  });

  it('cancels the running run with cancel-in-progress, once', () => {
    expect(decideConcurrency(self, [run('old', 'running', 1)], true)).toMatchObject({
      cancel: ['old'],
    });
    expect(decideConcurrency(self, [run('old', 'running', 1, true)], true)).toMatchObject({
      cancel: [],
      waitingFor: ['old'],
    });
  });

  it('supersedes an older run that is still waiting', () => {
    const others = [run('old', 'running', 1), run('waiting', 'queued', 2)];
    expect(decideConcurrency(self, others, false)).toEqual({
      kind: 'wait',
      cancel: ['waiting'],
      waitingFor: ['old', 'waiting'],
    });
  });
});

describe('isAbandoned', () => {
  it.each([
    [{ host: 'h', pid: 1 }, 'h', false, true],
    [{ host: 'h', pid: 1 }, 'h', true, false],
    [{ host: 'other', pid: 1 }, 'h', false, false],
    [undefined, 'h', false, false],
  ])('owner %j on %s, alive %s → %s', (owner, host, alive, expected) => {
    expect(isAbandoned({ owner }, host, () => alive)).toBe(expected);
  });
});
