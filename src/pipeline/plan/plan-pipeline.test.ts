import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../definition/index.js';
import { planPipeline } from './plan-pipeline.js';
import type { TriggerEvent } from './trigger-event.js';

const pipeline = parsePipeline(
  `on:
  pull_request:
    branches: [main]
  push:
    branches: ['main', 'release/**']
    tags: ['v*']
concurrency:
  group: deploy-\${{ github.ref_name }}
  cancel-in-progress: true
jobs:
  test: {steps: [{run: pytest}]}
  lint: {steps: [{run: ruff}]}
  build: {needs: [test, lint], steps: [{run: make}]}
  deploy: {needs: build, steps: [{run: ship}]}
  notify: {needs: test, steps: [{run: say}]}
`,
  '.slipway/pipelines/ci.yaml',
);

const push = (ref: string): TriggerEvent => ({ kind: 'push', ref, sha: 'abc' });
const pullRequest = (action: string, baseBranch: string): TriggerEvent => ({
  kind: 'pull_request',
  action,
  ref: 'refs/pull/7/head',
  branch: 'feature/x',
  baseBranch,
  sha: 'def',
  pr: { number: 7 },
});

describe('planPipeline', () => {
  it.each<[TriggerEvent, boolean, string]>([
    [push('refs/heads/main'), true, 'push to main'],
    [push('refs/heads/release/1.0/hotfix'), true, 'push to release/1.0/hotfix'],
    [push('refs/heads/dev'), false, 'push to dev is filtered out by branches'],
    [push('refs/tags/v1.0.0'), true, 'push of tag v1.0.0'],
    [push('refs/tags/nightly'), false, 'tag nightly is filtered out by tags'],
    [pullRequest('opened', 'main'), true, 'pull request opened into main'],
    [pullRequest('synchronize', 'dev'), false, 'pull request into dev is filtered out by branches'],
    [
      pullRequest('closed', 'main'),
      false,
      'pull request closed is not one of the types opened, synchronize, reopened',
    ],
    [
      { kind: 'manual', ref: 'refs/heads/main', sha: 'abc' },
      false,
      'the pipeline has no `manual` trigger',
    ],
  ])('%j triggers: %s (%s)', (event, triggered, reason) => {
    const decision = planPipeline(pipeline, event);
    expect(decision.triggered).toBe(triggered);
    expect(decision.triggered ? decision.plan.reason : decision.reason).toBe(reason);
  });

  it('lays jobs out in dependency levels and names the concurrency group', () => {
    const decision = planPipeline(pipeline, push('refs/heads/main'));
    if (!decision.triggered) throw new Error(decision.reason);
    expect(decision.plan.levels).toEqual([['test', 'lint'], ['build', 'notify'], ['deploy']]);
    expect(decision.plan.concurrency).toEqual({ group: 'deploy-main', cancelInProgress: true });
  });

  it.each<[string, TriggerEvent, boolean]>([
    ['branches only: a tag push does not trigger', push('refs/tags/v1'), false],
    ['branches only: a branch push triggers', push('refs/heads/main'), true],
  ])('%s', (_case, event, triggered) => {
    const branchesOnly = parsePipeline(
      'on: {push: {branches: [main]}}\njobs: {a: {steps: [{run: x}]}}',
      'p.yaml',
    );
    expect(planPipeline(branchesOnly, event).triggered).toBe(triggered);
  });

  it('triggers on every push when push has no filters', () => {
    const any = parsePipeline('on: push\njobs: {a: {steps: [{run: x}]}}', 'p.yaml');
    expect(planPipeline(any, push('refs/tags/x')).triggered).toBe(true);
    expect(planPipeline(any, push('refs/heads/x')).triggered).toBe(true);
  });

  it('names the file and field when the concurrency group cannot be evaluated', () => {
    const bad = parsePipeline(
      "on: push\nconcurrency: ${{ format('{1}', github.ref) }}\njobs: {a: {steps: [{run: x}]}}",
      '.slipway/pipelines/bad.yaml',
    );
    expect(() => planPipeline(bad, push('refs/heads/main'))).toThrow(
      /^\.slipway\/pipelines\/bad\.yaml concurrency\.group: format\(\) refers to \{1\}/,
    );
  });
});
