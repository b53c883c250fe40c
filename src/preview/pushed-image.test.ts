import { describe, expect, it } from 'vitest';
import type { RunRecord, StepRecord } from '../store/index.js';
import { imageByDigest, pushedImage } from './pushed-image.js';

const digest = `sha256:${'ab'.repeat(32)}`;

const step = (overrides: Partial<StepRecord>): StepRecord => ({
  index: 0,
  id: 'push',
  name: 'push',
  uses: 'slipway/image-push',
  status: 'success',
  outputs: {},
  ...overrides,
});

const run = (steps: StepRecord[]): RunRecord => ({
  id: 'r1',
  pipeline: 'pr-open',
  repo: 'https://git.example/cat-app.git',
  event: { kind: 'pull_request', ref: 'refs/pull/3/head', sha: 'abc', pr: { number: 3 } },
  status: 'succeeded',
  concurrencyGroup: undefined,
  cancelRequested: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: undefined,
  finishedAt: undefined,
  owner: undefined,
  summary: {
    file: 'pr-open.yaml',
    reason: '',
    failures: [],
    jobs: [
      { id: 'container', name: 'c', status: 'succeeded', outputs: {}, container: undefined, steps },
    ],
  },
});

describe('pushedImage', () => {
  it('reads the ref output of the image-push step', () => {
    const ref = `127.0.0.1:5000/cat-app@${digest}`;
    expect(pushedImage(run([step({ outputs: { digest, ref } })]))).toEqual({
      repository: '127.0.0.1:5000/cat-app',
      digest,
      ref,
    });
  });

  it('ignores a failed push and other steps', () => {
    const ref = `127.0.0.1:5000/cat-app@${digest}`;
    expect(
      pushedImage(
        run([
          step({ status: 'failure', outputs: { ref } }),
          step({ uses: 'slipway/image-build', outputs: { ref } }),
        ]),
      ),
    ).toBeUndefined();
  });

  it.each(['127.0.0.1:5000/cat-app:canary-pr-3', '@sha256:00', `a b@${digest}`])(
    'does not take %j as an image by digest',
    (ref) => {
      expect(imageByDigest(ref)).toBeUndefined();
    },
  );
});
