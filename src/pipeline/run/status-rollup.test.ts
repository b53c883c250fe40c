import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../store/index.js';
import { failureLines, jobStatus, runStatus, stepConclusion } from './status-rollup.js';

describe('status rollup', () => {
  it.each([
    [{ status: 'failure', continueOnError: false }, 'failure'],
    [{ status: 'failure', continueOnError: true }, 'success'],
    [{ status: 'timed-out', continueOnError: true }, 'success'],
    [{ status: 'skipped', continueOnError: false }, 'skipped'],
  ] as const)('step %j concludes %s', (step, expected) => {
    expect(stepConclusion(step)).toBe(expected);
  });

  const ok = { status: 'success', continueOnError: false } as const;
  const bad = { status: 'failure', continueOnError: false } as const;
  it.each([
    [{ steps: [ok], timedOut: false, cancelled: false, setupFailed: false }, 'succeeded'],
    [{ steps: [ok, bad], timedOut: false, cancelled: false, setupFailed: false }, 'failed'],
    [{ steps: [ok], timedOut: true, cancelled: false, setupFailed: false }, 'timed-out'],
    [{ steps: [ok], timedOut: false, cancelled: true, setupFailed: false }, 'cancelled'],
    [{ steps: [], timedOut: false, cancelled: false, setupFailed: true }, 'failed'],
  ])('job %j is %s', (job, expected) => {
    expect(jobStatus(job)).toBe(expected);
  });

  it.each([
    [[{ status: 'succeeded', continueOnError: false }], false, 'succeeded'],
    [[{ status: 'failed', continueOnError: false }], false, 'failed'],
    [[{ status: 'timed-out', continueOnError: false }], false, 'failed'],
    [[{ status: 'failed', continueOnError: true }], false, 'succeeded'],
    [[{ status: 'succeeded', continueOnError: false }], true, 'cancelled'],
  ] as const)('jobs %j (cancelled %s) make a %s run', (jobs, cancelled, expected) => {
    expect(runStatus(jobs, cancelled)).toBe(expected);
  });

  it('names each failing gate with its job, step and reason', () => {
    const job: JobRecord = {
      id: 'test',
      name: 'test',
      status: 'failed',
      outputs: {},
      container: undefined,
      steps: [
        { index: 0, id: undefined, name: 'lint', uses: undefined, status: 'success', outputs: {} },
        {
          index: 1,
          id: 'cov',
          name: 'coverage',
          uses: 'slipway/coverage-gate',
          status: 'failure',
          message: 'coverage 73.4% is below 80%',
          outputs: {},
        },
      ],
    };
    expect(failureLines([job])).toEqual([
      "job test, step 'coverage' (slipway/coverage-gate): coverage 73.4% is below 80%",
    ]);
  });
});
