import { createHmac } from 'node:crypto';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { RepoEvent } from '../git/webhook/index.js';
import { buildWebhookServer, type PipelineTriggerTarget } from './webhook-server.js';

const secret = 'test-secret';
const sha = 'e'.repeat(40);
const repository = {
  html_url: 'https://github.com/acme/cat-app',
  clone_url: 'https://github.com/acme/cat-app.git',
};
const sign = (raw: string, key = secret) =>
  `sha256=${createHmac('sha256', key).update(raw).digest('hex')}`;

function server(options: { pipelines?: boolean; secret?: string } = {}) {
  const triggered: RepoEvent[] = [];
  const refreshed: string[][] = [];
  const pipelines: PipelineTriggerTarget = {
    trigger: (event) => {
      triggered.push(event);
      return Promise.resolve(
        event.event.kind === 'pull_request'
          ? { started: true, runs: ['run-1'] }
          : { started: false, ignored: 'no pipeline runs for push' },
      );
    },
  };
  const app = buildWebhookServer(
    {
      apps: () => [{ key: 'cats/web', repoURL: repository.clone_url, targetRevision: 'main' }],
      refresh: (_repos, keys) => refreshed.push([...keys]),
    },
    {
      secret: options.secret ?? secret,
      log: pino({ level: 'silent' }),
      ...(options.pipelines === false ? {} : { pipelines }),
    },
  );
  return { app, triggered, refreshed };
}

const pullRequest = JSON.stringify({
  action: 'opened',
  number: 5,
  pull_request: { title: 'x', head: { ref: 'purr', sha }, base: { ref: 'main' } },
  repository,
});
const push = JSON.stringify({ ref: 'refs/heads/main', before: sha, after: sha, repository });

describe('POST /api/webhooks/github', () => {
  it('starts pipelines for a signed pull request: 202 with the run ids', async () => {
    const { app, triggered } = server();
    const response = await app.inject({
      method: 'POST',
      url: '/api/webhooks/github',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-hub-signature-256': sign(pullRequest),
      },
      payload: pullRequest,
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ runs: ['run-1'] });
    expect(triggered[0]?.event).toMatchObject({ kind: 'pull_request', ref: 'refs/pull/5/head' });
  });

  it('refreshes apps and asks pipelines about a push, answering 200 when none runs', async () => {
    const { app, triggered, refreshed } = server();
    const response = await app.inject({
      method: 'POST',
      url: '/api/webhooks/github',
      headers: { 'x-github-event': 'push', 'x-hub-signature-256': sign(push) },
      payload: push,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ignored: 'no pipeline runs for push',
      refreshed: ['cats/web'],
    });
    expect(refreshed).toEqual([['cats/web']]);
    expect(triggered[0]?.event).toMatchObject({ kind: 'push', branch: 'main' });
  });

  it('refuses a bad signature with 401 and triggers nothing', async () => {
    const { app, triggered } = server();
    const response = await app.inject({
      method: 'POST',
      url: '/api/webhooks/github',
      headers: {
        'x-github-event': 'pull_request',
        'x-hub-signature-256': sign(pullRequest, 'nope'),
      },
      payload: pullRequest,
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      error:
        'signature check failed: X-Hub-Signature-256 does not match the body signed with the configured secret',
    });
    expect(triggered).toEqual([]);
  });

  it('answers 400 naming the field at fault', async () => {
    const { app } = server({ secret: '' });
    const response = await app.inject({
      method: 'POST',
      url: '/api/webhooks/github',
      headers: { 'x-github-event': 'pull_request' },
      payload: JSON.stringify({ action: 'opened', number: 5, repository }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'GitHub pull_request payload: pull_request is missing',
    });
  });

  it('says pipelines are off when no trigger is configured', async () => {
    const { app } = server({ secret: '', pipelines: false });
    const response = await app.inject({
      method: 'POST',
      url: '/api/webhooks/github',
      headers: { 'x-github-event': 'pull_request' },
      payload: pullRequest,
    });
    expect(response.json()).toEqual({
      ignored: 'pipeline triggers are off: start the controller with --pipeline-repos FILE',
    });
  });
});

describe('POST /api/webhooks/gitea, azure-devops and generic', () => {
  it('checks the Gitea signature (bare hex in X-Gitea-Signature)', async () => {
    const { app } = server();
    const hex = sign(pullRequest).slice('sha256='.length);
    const response = await app.inject({
      method: 'POST',
      url: '/api/webhooks/gitea',
      headers: { 'x-gitea-event': 'pull_request', 'x-gitea-signature': hex },
      payload: pullRequest,
    });
    expect(response.statusCode).toBe(202);
  });

  it('checks Azure DevOps Basic auth', async () => {
    const { app } = server();
    const response = await app.inject({
      method: 'POST',
      url: '/api/webhooks/azure-devops',
      headers: { authorization: `Basic ${Buffer.from('hook:wrong').toString('base64')}` },
      payload: JSON.stringify({ eventType: 'git.pullrequest.created' }),
    });
    expect(response.statusCode).toBe(401);
  });

  it('takes a signed generic event', async () => {
    const { app, triggered } = server();
    const event = JSON.stringify({
      repoUrl: repository.clone_url,
      event: 'pull_request',
      ref: 'refs/heads/purr',
      sha,
      pr: { number: 9 },
    });
    const response = await app.inject({
      method: 'POST',
      url: '/api/webhooks/generic',
      headers: { 'x-slipway-signature': sign(event) },
      payload: event,
    });
    expect(response.statusCode).toBe(202);
    expect(triggered[0]).toMatchObject({ source: 'generic', event: { pr: { number: 9 } } });
  });

  it('keeps the old /api/webhook route refreshing apps', async () => {
    const { app, triggered } = server();
    const response = await app.inject({
      method: 'POST',
      url: '/api/webhook',
      headers: { 'x-github-event': 'push', 'x-hub-signature-256': sign(push) },
      payload: push,
    });
    expect(response.json()).toEqual({ refreshed: ['cats/web'] });
    expect(triggered).toEqual([]);
  });
});
