import { describe, expect, it } from 'vitest';
import { parseRepoWebhook } from './repo-webhook.js';

const body = (payload: unknown) => Buffer.from(JSON.stringify(payload));
const headers = { 'content-type': 'application/json; charset=utf-8' };
const head = '53d54ac915144006c2c9e90d2c7d3880920db49c';

const repository = {
  id: '4bc14d40-c903-45e2-872e-0462c7748079',
  name: 'cat-app',
  url: 'https://dev.azure.com/fabrikam/_apis/git/repositories/4bc14d40-c903-45e2-872e-0462c7748079',
  project: { id: '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c', name: 'Platform' },
  defaultBranch: 'refs/heads/main',
  remoteUrl: 'https://fabrikam@dev.azure.com/fabrikam/Platform/_git/cat-app',
};

/** An Azure DevOps pull request service hook, shaped like the samples in Microsoft's docs. */
function azurePullRequest(eventType: string, resource: Record<string, unknown> = {}) {
  return {
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    notificationId: 3,
    id: '2ab4e3d3-b7a6-425e-92b1-5a9982c1269e',
    eventType,
    publisherId: 'tfs',
    message: { text: 'Jamal Hartnett created a new pull request' },
    resource: {
      repository,
      pullRequestId: 7,
      status: 'active',
      createdBy: { displayName: 'Jamal Hartnett' },
      creationDate: '2024-06-17T16:55:46.589889Z',
      title: 'Purr louder',
      sourceRefName: 'refs/heads/purr',
      targetRefName: 'refs/heads/main',
      mergeStatus: 'succeeded',
      lastMergeSourceCommit: { commitId: head, url: 'https://dev.azure.com/...' },
      lastMergeTargetCommit: { commitId: 'a511f535b1ea495ee0c903badb68fbc83772c882' },
      lastMergeCommit: { commitId: 'eef717f69257a6333f221566c1c987dc94cc0d72' },
      ...resource,
    },
    resourceVersion: '1.0',
  };
}

describe('parseRepoWebhook: Azure DevOps pull requests', () => {
  it('reads git.pullrequest.created as opened, at the source branch head', () => {
    expect(
      parseRepoWebhook('azure-devops', headers, body(azurePullRequest('git.pullrequest.created'))),
    ).toEqual({
      kind: 'pull_request',
      repoEvent: {
        source: 'azure-devops',
        repoUrls: [repository.remoteUrl],
        event: {
          kind: 'pull_request',
          action: 'opened',
          ref: 'refs/pull/7/head',
          branch: 'purr',
          baseBranch: 'main',
          sha: head,
          pr: { number: 7, title: 'Purr louder', merged: false, headSha: head },
        },
      },
    });
  });

  it.each([
    ['git.pullrequest.updated', 'active', 'synchronize', false],
    ['git.pullrequest.updated', 'completed', 'closed', true],
    ['git.pullrequest.updated', 'abandoned', 'closed', false],
    ['git.pullrequest.merged', 'completed', 'closed', true],
  ])('reads %s with status %s as %s (merged: %s)', (eventType, status, action, merged) => {
    const payload = azurePullRequest(eventType, { status });
    expect(parseRepoWebhook('azure-devops', headers, body(payload))).toMatchObject({
      repoEvent: { event: { action, pr: { merged } } },
    });
  });

  it('ignores a merge attempt on a pull request still active', () => {
    const payload = azurePullRequest('git.pullrequest.merged');
    expect(parseRepoWebhook('azure-devops', headers, body(payload))).toEqual({
      ignored: true,
      reason:
        'Azure DevOps "git.pullrequest.merged" with status "active" does not trigger pipelines',
    });
  });

  it('rejects a pull request without lastMergeSourceCommit, naming the field', () => {
    const payload = azurePullRequest('git.pullrequest.created', { lastMergeSourceCommit: null });
    expect(() => parseRepoWebhook('azure-devops', headers, body(payload))).toThrow(
      'Azure DevOps pull request payload: resource.lastMergeSourceCommit is missing',
    );
  });

  it('still reads git.push and ignores other service hooks', () => {
    const push = {
      eventType: 'git.push',
      resource: {
        refUpdates: [{ name: 'refs/heads/main', oldObjectId: head, newObjectId: 'f'.repeat(40) }],
        repository,
      },
    };
    expect(parseRepoWebhook('azure-devops', headers, body(push))).toMatchObject({
      kind: 'push',
      repoEvent: { event: { kind: 'push', branch: 'main', sha: 'f'.repeat(40) } },
    });
    expect(
      parseRepoWebhook('azure-devops', headers, body({ eventType: 'build.complete' })),
    ).toMatchObject({ ignored: true });
  });

  it('refuses a body that is no service hook', () => {
    expect(() => parseRepoWebhook('azure-devops', headers, body({ hello: 1 }))).toThrow(
      'Azure DevOps webhook body has no eventType',
    );
  });
});
