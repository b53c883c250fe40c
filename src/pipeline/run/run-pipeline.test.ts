import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobRecord, RunRecord } from '../../store/index.js';
import { PipelineFixture } from './pipeline-fixture.js';
import type { RunTokenRequest } from './run-pipeline.js';
import type { StepAction } from './step-action.js';

let fixture: PipelineFixture;
beforeEach(async () => {
  fixture = await PipelineFixture.create();
});
afterEach(async () => {
  await fixture.remove();
});

const job = (run: RunRecord, id: string): JobRecord => {
  const found = run.summary.jobs.find((j) => j.id === id);
  if (found === undefined) throw new Error(`no job ${id}`);
  return found;
};
const statuses = (run: RunRecord, id: string): string[] =>
  job(run, id).steps.map((s) => `${s.name}:${s.status}`);

describe('runPipeline', () => {
  it('passes outputs between steps and jobs, env and path files, and masks secrets', async () => {
    const run = await fixture.run(
      `
on: { workflow_dispatch: {} }
env: { GREETING: hello }
jobs:
  build:
    outputs:
      version: \${{ steps.ver.outputs.version }}
    steps:
      - id: ver
        name: version
        run: |
          echo "version=1.2.\${{ github.run_number || 3 }}" >> "$SLIPWAY_OUTPUT"
          { echo "notes<<EOF"; echo "a"; echo "b"; echo "EOF"; } >> "$GITHUB_OUTPUT"
          echo "FROM_ENV=set-by-step" >> "$SLIPWAY_ENV"
          mkdir -p "$RUNNER_TEMP/bin" && printf '#!/bin/sh\\necho tool-ran\\n' > "$RUNNER_TEMP/bin/mytool"
          chmod +x "$RUNNER_TEMP/bin/mytool" && echo "$RUNNER_TEMP/bin" >> "$SLIPWAY_PATH"
      - name: use
        env: { NOTES: '\${{ steps.ver.outputs.notes }}' }
        run: |
          echo "$GREETING $FROM_ENV $(mytool) CI=$CI sha=$SLIPWAY_SHA"
          echo "notes=$(echo $NOTES)"
          echo "token is \${{ secrets.TOKEN }} and $TOKEN_ENV"
          test -f .slipway/pipelines/ci.yaml
        env2: {}
  deploy:
    needs: build
    steps:
      - name: show
        run: echo "deploying \${{ needs.build.outputs.version }}"
`.replace('        env2: {}\n', ''),
      { secrets: { TOKEN: 'sup3r-s3cret' } },
    );
    expect(run.summary.failures).toEqual([]);
    expect(run.status).toBe('succeeded');
    expect(job(run, 'build').outputs).toEqual({ version: '1.2.3' });
    const use = fixture.log('build', 'use');
    expect(use[0]).toMatch(/^hello set-by-step tool-ran CI=true sha=[0-9a-f]{40}$/);
    expect(use[1]).toBe('notes=a b');
    expect(use[2]).toBe('token is *** and ');
    expect(fixture.lines.map((l) => l.line).join('\n')).not.toContain('sup3r-s3cret');
    expect(fixture.log('deploy', 'show')).toEqual(['deploying 1.2.3']);
    const stored = await fixture.store.getRun(run.id);
    expect(stored?.status).toBe('succeeded');
    expect(stored?.summary.jobs[0]?.steps[0]?.exitCode).toBe(0);
  });

  it('records a failing step with its exit code, skips later steps, runs failure() and always()', async () => {
    const run = await fixture.run(`
on: { workflow_dispatch: {} }
jobs:
  test:
    steps:
      - name: allowed to fail
        continue-on-error: true
        run: exit 3
      - name: tests
        run: |
          echo running tests
          exit 7
      - name: after
        run: echo never
      - name: on failure
        if: failure()
        run: echo reporting failure
      - name: cleanup
        if: always()
        run: echo cleaning
  downstream:
    needs: test
    steps:
      - run: echo never
`);
    expect(run.status).toBe('failed');
    const steps = job(run, 'test').steps;
    expect(steps.map((s) => s.status)).toEqual([
      'failure',
      'failure',
      'skipped',
      'success',
      'success',
    ]);
    expect(steps[0]?.exitCode).toBe(3);
    expect(steps[1]).toMatchObject({ exitCode: 7, message: 'exited with code 7' });
    expect(steps[1]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(job(run, 'test').status).toBe('failed');
    expect(job(run, 'downstream').status).toBe('skipped');
    expect(run.summary.failures).toEqual(["job test, step 'tests': exited with code 7"]);
    const file = await readFile(
      join(fixture.cache, 'runs', run.id, 'jobs', 'test', 'logs', '2.log'),
      'utf8',
    );
    expect(file).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z running tests\n$/);
  });

  it('times out a step and a job, killing their process groups', async () => {
    const started = Date.now();
    const run = await fixture.run(`
on: { workflow_dispatch: {} }
jobs:
  slow:
    steps:
      - name: sleeper
        timeout-minutes: 0.01
        run: sleep 30 & sleep 30
      - name: cleanup
        if: always()
        run: echo cleaned
  slower:
    timeout-minutes: 0.01
    steps:
      - name: first
        run: sleep 30
      - name: second
        run: echo never
`);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(statuses(run, 'slow')).toEqual(['sleeper:timed-out', 'cleanup:success']);
    expect(job(run, 'slow').steps[0]?.message).toBe(
      "timed out: the step's timeout-minutes is 0.01",
    );
    expect(job(run, 'slow').status).toBe('failed');
    expect(statuses(run, 'slower')).toEqual(['first:timed-out', 'second:skipped']);
    expect(job(run, 'slower')).toMatchObject({
      status: 'timed-out',
      message: "timed out: the job's timeout-minutes is 0.01",
    });
    expect(run.status).toBe('failed');
  });

  it('runs no more jobs at once than the parallelism allows', async () => {
    const steps = '    steps:\n      - run: sleep 0.2\n';
    const run = await fixture.run(
      `on: { workflow_dispatch: {} }\njobs:\n  a:\n${steps}  b:\n${steps}  c:\n${steps}`,
      { parallelism: 1 },
    );
    const spans = run.summary.jobs
      .map((j) => [Date.parse(j.startedAt ?? ''), Date.parse(j.finishedAt ?? '')] as const)
      .sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i]?.[0]).toBeGreaterThanOrEqual(spans[i - 1]?.[1] ?? Infinity);
    }
  });

  it('cancels a run through the store: kills the step, skips the rest unless always()', async () => {
    const pipeline = `
on: { workflow_dispatch: {} }
jobs:
  long:
    steps:
      - name: wait
        run: echo started; sleep 30
      - name: next
        run: echo never
      - name: always
        if: always()
        run: echo still runs
`;
    const sha = await fixture.commit(pipeline);
    const running = fixture.runAt(sha, pipeline, {
      onCreated: (created) => {
        const poll = setInterval(() => {
          if (fixture.lines.some((l) => l.line === 'started')) {
            clearInterval(poll);
            void fixture.store.requestCancel(created.id);
          }
        }, 50);
      },
    });
    const run = await running;
    expect(run.status).toBe('cancelled');
    expect(statuses(run, 'long')).toEqual(['wait:cancelled', 'next:skipped', 'always:success']);
    expect(job(run, 'long').status).toBe('cancelled');
  });

  it("hands a step its run's own identity token, minted for this run only on request", async () => {
    const pipeline = `
name: release
on: { workflow_dispatch: {} }
jobs:
  push:
    steps:
      - uses: slipway/image-push
        with: { image: 127.0.0.1:5001/cats/cat-app:1 }
`;
    const seen: (string | undefined)[] = [];
    const requests: RunTokenRequest[] = [];
    const recordToken: StepAction = (context) => {
      seen.push(context.run.identityToken?.('slipway-registry'));
      return Promise.resolve({ outcome: 'success' });
    };
    const run = await fixture.run(
      pipeline,
      {},
      {
        actions: { 'slipway/image-push': recordToken },
        identityToken: (request) => {
          requests.push(request);
          return `token-of-${request.runId}`;
        },
      },
    );
    expect(run.status).toBe('succeeded');
    expect(seen).toEqual([`token-of-${run.id}`]);
    expect(requests).toEqual([
      {
        runId: run.id,
        repo: fixture.repo,
        pipeline: 'release',
        event: expect.objectContaining({ kind: 'manual', ref: 'refs/heads/main' }) as unknown,
        audience: 'slipway-registry',
      },
    ]);
    // Without an issuer, a step sees no minter at all.
    seen.length = 0;
    const sha = (await fixture.git('rev-parse', 'HEAD')).trim();
    await fixture.runAt(sha, pipeline, {}, { actions: { 'slipway/image-push': recordToken } });
    expect(seen).toEqual([undefined]);
  });

  it("masks the run's identity tokens in its log and step messages, like secrets", async () => {
    const leaky: StepAction = (context) => {
      const token = context.run.identityToken?.('slipway-registry') ?? '';
      context.log(`careless: ${token}`);
      return Promise.resolve({ outcome: 'failure', message: `refused ${token}` });
    };
    const run = await fixture.run(
      `
name: release
on: { workflow_dispatch: {} }
jobs:
  bump:
    steps:
      - uses: slipway/image-push
        with: { image: 127.0.0.1:5001/cats/cat-app:1 }
`,
      {},
      {
        actions: { 'slipway/image-push': leaky },
        identityToken: (request) => `eyJ.token-of-${request.runId}.sig`,
      },
    );
    expect(fixture.log('bump', 'slipway/image-push')).toEqual(['careless: ***']);
    expect(job(run, 'bump').steps[0]?.message).toBe('refused ***');
    expect(JSON.stringify(run)).not.toContain(`token-of-${run.id}`);
  });

  it('fails a slipway step that this build does not have', async () => {
    const run = await fixture.run(`
on: { workflow_dispatch: {} }
jobs:
  scan:
    steps:
      - uses: slipway/secret-scan
`);
    expect(job(run, 'scan').steps[0]?.message).toBe(
      'step slipway/secret-scan is not available in this build',
    );
    expect(run.status).toBe('failed');
  });

  it('cancels the running run of its concurrency group with cancel-in-progress', async () => {
    const pipeline = `
on: { workflow_dispatch: {} }
concurrency: { group: deploy-main, cancel-in-progress: true }
jobs:
  deploy:
    steps:
      - run: echo deploying; sleep 30
`;
    const sha = await fixture.commit(pipeline);
    const first = fixture.runAt(sha, pipeline, { runId: 'first' });
    while (!fixture.lines.some((l) => l.runId === 'first' && l.line === 'deploying')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const second = await fixture.runAt(sha, pipeline.replace('sleep 30', 'true'), {
      runId: 'second',
    });
    expect((await first).status).toBe('cancelled');
    expect(second.status).toBe('succeeded');
    expect(fixture.log('run', 'concurrency')).toContain(
      'cancelling run first of concurrency group deploy-main',
    );
  });
});
