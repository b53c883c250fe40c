import { describe, expect, it } from 'vitest';
import { parsePushEvent } from './push-event.js';

const sha = (c: string) => c.repeat(40);
const body = (payload: unknown) => Buffer.from(JSON.stringify(payload));
const azureHeaders = { 'content-type': 'application/json; charset=utf-8' };

const repository = {
  id: '278d5cd2-584d-4b63-824a-2ba458937249',
  name: 'deploy',
  url: 'https://dev.azure.com/fabrikam/_apis/git/repositories/278d5cd2-584d-4b63-824a-2ba458937249',
  project: { id: '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c', name: 'Platform', state: 'wellFormed' },
  defaultBranch: 'refs/heads/main',
  remoteUrl: 'https://fabrikam@dev.azure.com/fabrikam/Platform/_git/deploy',
  sshUrl: 'git@ssh.dev.azure.com:v3/fabrikam/Platform/deploy',
  webUrl: 'https://dev.azure.com/fabrikam/Platform/_git/deploy',
};

/** An Azure DevOps "Code pushed" service hook, shaped like the sample in Microsoft's docs. */
function azurePush(resource: Record<string, unknown> = {}) {
  return {
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    notificationId: 2,
    id: '03c164c2-8912-4d5e-8009-3707d5f83734',
    eventType: 'git.push',
    publisherId: 'tfs',
    message: { text: 'Jamal Hartnett pushed updates to deploy:main.' },
    resource: {
      commits: [
        {
          commitId: sha('3'),
          author: { name: 'Jamal Hartnett', email: 'fabrikamfiber4@hotmail.com' },
          comment: 'Pin api image digest',
          url: `https://dev.azure.com/fabrikam/_git/deploy/commit/${sha('3')}`,
        },
      ],
      refUpdates: [{ name: 'refs/heads/main', oldObjectId: sha('a'), newObjectId: sha('3') }],
      repository,
      pushedBy: { displayName: 'Jamal Hartnett', uniqueName: 'fabrikamfiber4@hotmail.com' },
      pushId: 14,
      date: '2024-02-02T20:51:37.9046101Z',
      ...resource,
    },
    resourceVersion: '1.0',
    createdDate: '2024-02-02T20:51:40.186Z',
  };
}

describe('parsePushEvent: Azure DevOps', () => {
  it('is recognised by its eventType alone and reads the first ref update', () => {
    expect(parsePushEvent(azureHeaders, body(azurePush()))).toEqual({
      provider: 'azure-devops',
      repoUrls: [repository.remoteUrl, repository.sshUrl, repository.webUrl],
      ref: 'refs/heads/main',
      branch: 'main',
      after: sha('3'),
      changedFiles: [],
      changedFilesComplete: false,
    });
  });

  it('ignores other service hook events', () => {
    const build = { ...azurePush(), eventType: 'build.complete' };
    expect(parsePushEvent(azureHeaders, body(build))).toEqual({
      ignored: true,
      reason: 'Azure DevOps "build.complete" event is not git.push',
    });
  });

  it('rejects a push with no ref updates, naming provider and field', () => {
    expect(() => parsePushEvent(azureHeaders, body(azurePush({ refUpdates: [] })))).toThrow(
      'Azure DevOps push payload: resource.refUpdates is empty',
    );
  });

  it('rejects a push without resource.repository.remoteUrl', () => {
    const rest: Record<string, unknown> = { ...repository };
    delete rest['remoteUrl'];
    expect(() => parsePushEvent(azureHeaders, body(azurePush({ repository: rest })))).toThrow(
      'Azure DevOps push payload: resource.repository.remoteUrl is missing',
    );
  });

  it('rejects malformed JSON when X-Vss-ActivityId says Azure DevOps sent it', () => {
    const headers = { ...azureHeaders, 'x-vss-activityid': '1b7bd1e5-4d3b-4bb4-9bd9-5c5b9d04c3f1' };
    expect(() => parsePushEvent(headers, Buffer.from('{"eventType":'))).toThrow(
      /^Azure DevOps webhook body is not valid JSON/,
    );
  });
});
