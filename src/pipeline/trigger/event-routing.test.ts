import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../definition/index.js';
import type { TriggerEvent } from '../plan/index.js';
import {
  describeEvent,
  eventKey,
  repoForEvent,
  selectPipelines,
  unrunnableReason,
} from './event-routing.js';

const sha = 'd'.repeat(40);
const repos = [
  { url: 'https://github.com/acme/cat-app.git', secretsFile: '/etc/slipway/cat.env' },
  { url: 'file:///srv/git/dog-app' },
];

const pipeline = (name: string, on: string) =>
  parsePipeline(
    `name: ${name}\non:\n${on}\njobs:\n  test:\n    runs-on: local\n    steps:\n      - run: echo hi\n`,
    `.slipway/pipelines/${name}.yaml`,
  );

describe('repoForEvent', () => {
  it('matches a registered repository however the payload spells it', () => {
    expect(repoForEvent(['git@github.com:ACME/cat-app.git'], repos)).toBe(repos[0]);
    expect(repoForEvent(['file:///srv/git/dog-app/'], repos)).toBe(repos[1]);
    expect(repoForEvent(['https://github.com/acme/other'], repos)).toBeUndefined();
  });
});

describe('selectPipelines', () => {
  const pr: TriggerEvent = {
    kind: 'pull_request',
    action: 'opened',
    ref: 'refs/pull/1/head',
    branch: 'purr',
    baseBranch: 'main',
    sha,
    pr: { number: 1 },
  };

  it('plans the pipelines the event triggers and says why the others do not run', () => {
    const pipelines = [
      pipeline('ci', '  pull_request:\n    branches: [main]'),
      pipeline('release', '  push:\n    branches: [main]'),
    ];
    const selection = selectPipelines(pipelines, pr);
    expect(selection.plans.map((p) => p.pipeline.name)).toEqual(['ci']);
    expect(selection.skipped).toEqual([
      { pipeline: 'release', reason: 'the pipeline has no `pull_request` trigger' },
    ]);
  });

  it('describes events for logs and answers', () => {
    expect(describeEvent(pr)).toBe(`pull request #1 opened at ${sha.slice(0, 12)}`);
    expect(describeEvent({ kind: 'push', ref: 'refs/heads/main', branch: 'main', sha })).toBe(
      `push to main at ${sha.slice(0, 12)}`,
    );
  });
});

describe('unrunnableReason and eventKey', () => {
  it('refuses a deleted ref', () => {
    expect(unrunnableReason({ kind: 'push', ref: 'refs/heads/old', sha: '0'.repeat(40) })).toBe(
      'refs/heads/old was deleted: there is no commit to run',
    );
    expect(unrunnableReason({ kind: 'push', ref: 'refs/heads/main', sha })).toBeUndefined();
  });

  it('gives the same push from the poller and a webhook one key', () => {
    const event: TriggerEvent = { kind: 'push', ref: 'refs/heads/main', branch: 'main', sha };
    const repo = repos[0] ?? { url: '' };
    expect(eventKey(repo, { source: 'poll', repoUrls: [repo.url], event })).toBe(
      eventKey(repo, { source: 'github', repoUrls: ['https://github.com/acme/cat-app'], event }),
    );
  });
});
