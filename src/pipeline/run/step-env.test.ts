import { describe, expect, it } from 'vitest';
import { builtinEnv, hostEnv, interpolateEnv, mergeEnv } from './step-env.js';

describe('step environment', () => {
  it('inherits only the allow-listed host variables', () => {
    const env = hostEnv({ PATH: '/bin', HOME: '/root', KUBECONFIG: '/k', AWS_SECRET: 'x' });
    expect(env).toEqual({ PATH: '/bin', HOME: '/root' });
  });

  it('lets the step override the job and the job the pipeline', () => {
    const merged = mergeEnv(
      { A: 'pipeline', B: 'pipeline' },
      { B: 'job', C: 'job' },
      { C: 'step' },
    );
    expect(merged).toEqual({ A: 'pipeline', B: 'job', C: 'step' });
  });

  it('sets CI and the run variables under both names', () => {
    const env = builtinEnv({
      runId: 'r1',
      event: { kind: 'push', ref: 'refs/heads/main', sha: 'abc' },
      workspace: '/w',
      job: 'build',
      tempDir: '/t',
    });
    expect(env).toMatchObject({
      CI: 'true',
      SLIPWAY_RUN_ID: 'r1',
      SLIPWAY_SHA: 'abc',
      SLIPWAY_REF: 'refs/heads/main',
      SLIPWAY_EVENT_NAME: 'push',
      GITHUB_SHA: 'abc',
      GITHUB_WORKSPACE: '/w',
    });
  });

  it('interpolates values against the outer environment and other contexts', () => {
    const env = interpolateEnv(
      { GREETING: '${{ env.WHO }} at ${{ event.sha }}', TOKEN: '${{ secrets.T }}' },
      { event: { sha: 'abc' }, secrets: { T: 'tok' } },
      { WHO: 'ci' },
    );
    expect(env).toEqual({ GREETING: 'ci at abc', TOKEN: 'tok' });
  });
});
