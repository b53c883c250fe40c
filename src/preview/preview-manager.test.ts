import { describe, expect, it } from 'vitest';
import type { TriggerEvent } from '../pipeline/plan/index.js';
import type { RunRecord } from '../store/index.js';
import { unpreviewableReason } from './preview-manager.js';
import type { PushedImage } from './pushed-image.js';

const image: PushedImage = {
  repository: '127.0.0.1:5000/cat-app',
  digest: `sha256:${'0'.repeat(64)}`,
  ref: `127.0.0.1:5000/cat-app@sha256:${'0'.repeat(64)}`,
};
const pr: TriggerEvent = {
  kind: 'pull_request',
  action: 'opened',
  ref: 'refs/pull/3/head',
  sha: 'abc',
  pr: { number: 3 },
};
const run = (status: RunRecord['status']): RunRecord =>
  ({ id: 'r1', status }) as unknown as RunRecord; // only id and status are read

describe('unpreviewableReason', () => {
  it.each<[string, TriggerEvent, RunRecord, PushedImage | undefined, string | undefined]>([
    ['a pushed PR run', pr, run('succeeded'), image, undefined],
    [
      'a push to main',
      { kind: 'push', ref: 'refs/heads/main', sha: 'a' },
      run('succeeded'),
      image,
      'not a pull request',
    ],
    [
      'a closed PR',
      { ...pr, action: 'closed' },
      run('succeeded'),
      image,
      'the pull request is closed',
    ],
    ['a failed run', pr, run('failed'), image, 'run r1 failed: no preview'],
    [
      'a run without a push',
      pr,
      run('succeeded'),
      undefined,
      'run r1 pushed no image (no slipway/image-push step)',
    ],
  ])('%s → %j', (_what, event, record, pushed, reason) => {
    expect(unpreviewableReason(event, record, pushed)).toBe(reason);
  });
});
