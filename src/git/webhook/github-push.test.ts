import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors/index.js';
import { parsePushEvent } from './push-event.js';

const sha = (c: string) => c.repeat(40);
const zero = sha('0');
const body = (payload: unknown) => Buffer.from(JSON.stringify(payload));
const githubHeaders = (event = 'push') => ({
  'content-type': 'application/json',
  'x-github-event': event,
  'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
});

/** A GitHub push webhook trimmed to the fields a reader would recognise from GitHub's docs. */
function githubPush(overrides: Record<string, unknown> = {}) {
  return {
    ref: 'refs/heads/main',
    before: sha('a'),
    after: sha('b'),
    created: false,
    deleted: false,
    forced: false,
    compare: 'https://github.com/acme/deploy/compare/aaaaaaa...bbbbbbb',
    commits: [
      {
        id: sha('c'),
        distinct: true,
        message: 'Bump web to 1.4.2',
        author: { name: 'Ada', email: 'ada@example.com', username: 'ada' },
        added: ['apps/web/canary.yaml'],
        removed: [],
        modified: ['apps/web/values.yaml'],
      },
      {
        id: sha('b'),
        distinct: true,
        message: 'Drop old job',
        author: { name: 'Ada', email: 'ada@example.com', username: 'ada' },
        added: [],
        removed: ['apps/jobs/cleanup.yaml'],
        modified: ['apps/web/values.yaml'],
      },
    ],
    repository: {
      id: 1296269,
      name: 'deploy',
      full_name: 'acme/deploy',
      private: true,
      html_url: 'https://github.com/acme/deploy',
      clone_url: 'https://github.com/acme/deploy.git',
      ssh_url: 'git@github.com:acme/deploy.git',
      git_url: 'git://github.com/acme/deploy.git',
      default_branch: 'main',
    },
    pusher: { name: 'ada', email: 'ada@example.com' },
    ...overrides,
  };
}

describe('parsePushEvent: GitHub', () => {
  it('reads a branch push with every clone URL and each changed path once', () => {
    expect(parsePushEvent(githubHeaders(), body(githubPush()))).toEqual({
      provider: 'github',
      repoUrls: [
        'https://github.com/acme/deploy.git',
        'https://github.com/acme/deploy',
        'git@github.com:acme/deploy.git',
      ],
      ref: 'refs/heads/main',
      branch: 'main',
      after: sha('b'),
      changedFiles: ['apps/web/canary.yaml', 'apps/web/values.yaml', 'apps/jobs/cleanup.yaml'],
      changedFilesComplete: true,
    });
  });

  it('reads a new tag, whose file list cannot be complete', () => {
    const event = parsePushEvent(
      githubHeaders(),
      body(githubPush({ ref: 'refs/tags/v1.4.2', before: zero, created: true, commits: [] })),
    );
    expect(event).toMatchObject({
      ref: 'refs/tags/v1.4.2',
      tag: 'v1.4.2',
      changedFilesComplete: false,
    });
    expect(event).not.toHaveProperty('branch');
  });

  it('reads a deleted branch: after is all zeros and the file list is not complete', () => {
    const event = parsePushEvent(
      githubHeaders(),
      body(githubPush({ ref: 'refs/heads/old', after: zero, deleted: true, commits: [] })),
    );
    expect(event).toMatchObject({ branch: 'old', after: zero, changedFilesComplete: false });
  });

  it('ignores a ping, sent when the webhook is created', () => {
    const ping = { zen: 'Keep it logically awesome.', hook_id: 30, hook: { type: 'Repository' } };
    expect(parsePushEvent(githubHeaders('ping'), body(ping))).toEqual({
      ignored: true,
      reason: 'GitHub ping: the webhook is set up, nothing to sync',
    });
  });

  it('ignores events that are not pushes, naming them', () => {
    expect(parsePushEvent(githubHeaders('pull_request'), body({}))).toEqual({
      ignored: true,
      reason: 'GitHub "pull_request" event is not a push',
    });
  });

  it('reads a form-encoded delivery (payload=<json>) the same as JSON', () => {
    const form = Buffer.from(`payload=${encodeURIComponent(JSON.stringify(githubPush()))}`);
    const headers = { ...githubHeaders(), 'content-type': 'application/x-www-form-urlencoded' };
    expect(parsePushEvent(headers, form)).toEqual(
      parsePushEvent(githubHeaders(), body(githubPush())),
    );
  });

  it('finds headers whatever their case', () => {
    const event = parsePushEvent({ 'X-GitHub-Event': 'push' }, body(githubPush()));
    expect(event).toMatchObject({ provider: 'github', branch: 'main' });
  });

  it('rejects malformed JSON, naming the provider', () => {
    expect(() =>
      parsePushEvent(githubHeaders(), Buffer.from('{"ref": "refs/heads/main",')),
    ).toThrow(/^GitHub webhook body is not valid JSON: /);
  });

  it('rejects a push without repository.html_url, naming provider and field', () => {
    const payload = githubPush();
    const repository: Record<string, unknown> = { ...payload.repository };
    delete repository['html_url'];
    const parse = () => parsePushEvent(githubHeaders(), body({ ...payload, repository }));
    expect(parse).toThrow(InputError);
    expect(parse).toThrow('GitHub push payload: repository.html_url is missing');
  });

  it('names every bad field with its index', () => {
    const payload = githubPush({ after: 42, commits: [{ added: 'a.yaml' }] });
    expect(() => parsePushEvent(githubHeaders(), body(payload))).toThrow(
      'GitHub push payload: after is number, expected string; commits[0].added is string, expected array',
    );
  });

  it('rejects a JSON body that is not an object', () => {
    expect(() => parsePushEvent(githubHeaders(), body([1, 2]))).toThrow(
      'GitHub push payload: body is array, expected object',
    );
  });
});
