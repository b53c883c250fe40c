import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors/index.js';
import { parseRepoWebhook } from './repo-webhook.js';
import { verifyWebhookSignature } from './signature.js';

const sha = (c: string) => c.repeat(40);
const body = (payload: unknown) => Buffer.from(JSON.stringify(payload));
const githubHeaders = (event = 'pull_request') => ({
  'content-type': 'application/json',
  'x-github-event': event,
  'x-github-delivery': '0b989ba4-242f-11e5-81e1-c7b6966d2516',
});
const giteaHeaders = (event = 'pull_request') => ({
  'content-type': 'application/json',
  'x-github-event': event,
  'x-gitea-event': event,
  'x-gitea-event-type': event,
  'x-gitea-delivery': 'e4f2a3e8-27a7-4b59-a9d4-4ad4d5b0ab0c',
});

const repository = {
  id: 1296269,
  name: 'cat-app',
  full_name: 'acme/cat-app',
  html_url: 'https://github.com/acme/cat-app',
  clone_url: 'https://github.com/acme/cat-app.git',
  ssh_url: 'git@github.com:acme/cat-app.git',
  default_branch: 'main',
};

/** A GitHub `pull_request` webhook trimmed to the fields GitHub's docs list for it. */
function githubPullRequest(
  overrides: Record<string, unknown> = {},
  pr: Record<string, unknown> = {},
) {
  return {
    action: 'opened',
    number: 42,
    pull_request: {
      url: 'https://api.github.com/repos/acme/cat-app/pulls/42',
      html_url: 'https://github.com/acme/cat-app/pull/42',
      number: 42,
      state: 'open',
      title: 'Purr louder',
      merged: false,
      draft: false,
      head: { label: 'acme:purr', ref: 'purr', sha: sha('e'), repo: repository },
      base: { label: 'acme:main', ref: 'main', sha: sha('a'), repo: repository },
      ...pr,
    },
    repository,
    sender: { login: 'ada', id: 1 },
    ...overrides,
  };
}

describe('parseRepoWebhook: GitHub pull_request', () => {
  it('reads an opened pull request as a pull_request event at the head commit', () => {
    expect(parseRepoWebhook('github', githubHeaders(), body(githubPullRequest()))).toEqual({
      kind: 'pull_request',
      repoEvent: {
        source: 'github',
        repoUrls: [repository.clone_url, repository.html_url, repository.ssh_url],
        event: {
          kind: 'pull_request',
          action: 'opened',
          ref: 'refs/pull/42/head',
          branch: 'purr',
          baseBranch: 'main',
          sha: sha('e'),
          pr: { number: 42, title: 'Purr louder', merged: false, headSha: sha('e') },
        },
      },
    });
  });

  it.each(['synchronize', 'reopened'])('passes the %s action through', (action) => {
    const parsed = parseRepoWebhook('github', githubHeaders(), body(githubPullRequest({ action })));
    expect(parsed).toMatchObject({ repoEvent: { event: { action } } });
  });

  it('reads a merged pull request as closed and merged', () => {
    const payload = githubPullRequest({ action: 'closed' }, { state: 'closed', merged: true });
    expect(parseRepoWebhook('github', githubHeaders(), body(payload))).toMatchObject({
      repoEvent: { event: { action: 'closed', pr: { merged: true } } },
    });
  });

  it('ignores actions pipelines cannot be triggered by, naming them', () => {
    const payload = githubPullRequest({ action: 'labeled' });
    expect(parseRepoWebhook('github', githubHeaders(), body(payload))).toEqual({
      ignored: true,
      reason:
        'GitHub pull_request action "labeled" does not trigger pipelines (only opened, synchronize, reopened, closed)',
    });
  });

  it('rejects a pull request without a head sha, naming provider and field', () => {
    const payload = githubPullRequest({}, { head: { ref: 'purr' } });
    const parse = () => parseRepoWebhook('github', githubHeaders(), body(payload));
    expect(parse).toThrow(InputError);
    expect(parse).toThrow('GitHub pull_request payload: pull_request.head.sha is missing');
  });

  it('rejects a payload without action or number', () => {
    const payload: Record<string, unknown> = githubPullRequest();
    delete payload['action'];
    delete payload['number'];
    expect(() => parseRepoWebhook('github', githubHeaders(), body(payload))).toThrow(
      'GitHub pull_request payload: action is missing; number is missing',
    );
  });

  it('still reads pushes, as a push event besides the push itself', () => {
    const push = {
      ref: 'refs/heads/main',
      before: sha('1'),
      after: sha('2'),
      commits: [],
      repository,
    };
    expect(parseRepoWebhook('github', githubHeaders('push'), body(push))).toMatchObject({
      kind: 'push',
      push: { provider: 'github', after: sha('2') },
      repoEvent: { event: { kind: 'push', ref: 'refs/heads/main', branch: 'main', sha: sha('2') } },
    });
  });

  it('ignores a ping and refuses a delivery with no event header', () => {
    expect(parseRepoWebhook('github', githubHeaders('ping'), body({ zen: 'hi' }))).toMatchObject({
      ignored: true,
    });
    expect(() => parseRepoWebhook('github', {}, body(githubPullRequest()))).toThrow(
      'GitHub webhook has no X-GitHub-Event header',
    );
  });

  it('is accepted by the signature check GitHub computes over the raw body', () => {
    const raw = body(githubPullRequest());
    const signature = `sha256=${createHmac('sha256', 's3cret').update(raw).digest('hex')}`;
    const headers = { ...githubHeaders(), 'x-hub-signature-256': signature };
    expect(verifyWebhookSignature('github', headers, raw, 's3cret')).toEqual({ ok: true });
  });
});

describe('parseRepoWebhook: Gitea pull_request', () => {
  const giteaRepository = {
    ...repository,
    html_url: 'http://gitea.local:3000/acme/cat-app',
    clone_url: 'http://gitea.local:3000/acme/cat-app.git',
    ssh_url: 'ssh://git@gitea.local:2222/acme/cat-app.git',
  };
  const giteaPullRequest = (action: string) => ({
    ...githubPullRequest({ action, repository: giteaRepository }),
  });

  it('reads Gitea\'s "synchronized" as synchronize', () => {
    expect(
      parseRepoWebhook('gitea', giteaHeaders(), body(giteaPullRequest('synchronized'))),
    ).toMatchObject({
      kind: 'pull_request',
      repoEvent: {
        source: 'gitea',
        repoUrls: [giteaRepository.clone_url, giteaRepository.html_url, giteaRepository.ssh_url],
        event: { action: 'synchronize', ref: 'refs/pull/42/head', baseBranch: 'main' },
      },
    });
  });

  it('names Gitea in errors', () => {
    const payload = { ...giteaPullRequest('opened'), number: 0 };
    expect(() => parseRepoWebhook('gitea', giteaHeaders(), body(payload))).toThrow(
      /^Gitea pull_request payload: number: /,
    );
  });

  it('refuses a delivery without X-Gitea-Event', () => {
    expect(() =>
      parseRepoWebhook('gitea', githubHeaders(), body(giteaPullRequest('opened'))),
    ).toThrow('Gitea webhook has no X-Gitea-Event header');
  });
});
