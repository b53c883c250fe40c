import { describe, expect, it } from 'vitest';
import { parsePushEvent } from './push-event.js';

const sha = (c: string) => c.repeat(40);
const body = (payload: unknown) => Buffer.from(JSON.stringify(payload));
// Gitea sends GitHub's and Gogs' headers as well as its own.
const giteaHeaders = (event = 'push') => ({
  'content-type': 'application/json',
  'x-github-event': event,
  'x-gogs-event': event,
  'x-gitea-event': event,
  'x-gitea-delivery': 'f6266f16-1bf3-46a5-9ea4-602e06ead473',
});

function giteaPush(overrides: Record<string, unknown> = {}) {
  return {
    ref: 'refs/heads/develop',
    before: sha('2'),
    after: sha('b'),
    compare_url: 'http://gitea.local:3000/acme/deploy/compare/2222...bbbb',
    commits: [
      {
        id: sha('b'),
        message: 'Scale api to 3\n',
        url: `http://gitea.local:3000/acme/deploy/commit/${sha('b')}`,
        author: { name: 'Gitea', email: 'someone@gitea.io', username: 'gitea' },
        added: null,
        removed: null,
        modified: ['apps/api/deployment.yaml'],
      },
    ],
    total_commits: 1,
    repository: {
      id: 140,
      name: 'deploy',
      full_name: 'acme/deploy',
      html_url: 'http://gitea.local:3000/acme/deploy',
      ssh_url: 'ssh://git@gitea.local:2222/acme/deploy.git',
      clone_url: 'http://gitea.local:3000/acme/deploy.git',
      default_branch: 'main',
    },
    ...overrides,
  };
}

describe('parsePushEvent: Gitea', () => {
  it('is told from GitHub by X-Gitea-Event although X-GitHub-Event is also sent', () => {
    expect(parsePushEvent(giteaHeaders(), body(giteaPush()))).toEqual({
      provider: 'gitea',
      repoUrls: [
        'http://gitea.local:3000/acme/deploy.git',
        'http://gitea.local:3000/acme/deploy',
        'ssh://git@gitea.local:2222/acme/deploy.git',
      ],
      ref: 'refs/heads/develop',
      branch: 'develop',
      after: sha('b'),
      changedFiles: ['apps/api/deployment.yaml'],
      changedFilesComplete: true,
    });
  });

  it('marks the file list incomplete when Gitea capped the commits it sent', () => {
    const event = parsePushEvent(giteaHeaders(), body(giteaPush({ total_commits: 12 })));
    expect(event).toMatchObject({
      changedFiles: ['apps/api/deployment.yaml'],
      changedFilesComplete: false,
    });
  });

  it('marks the file list incomplete when a commit lists no files at all', () => {
    const commits = [
      { id: sha('b'), message: 'old Gitea', added: null, removed: null, modified: null },
    ];
    const event = parsePushEvent(giteaHeaders(), body(giteaPush({ commits })));
    expect(event).toMatchObject({ changedFiles: [], changedFilesComplete: false });
  });

  it('says what is wrong with a number field, not that it is empty', () => {
    expect(() => parsePushEvent(giteaHeaders(), body(giteaPush({ total_commits: -1 })))).toThrow(
      'Gitea push payload: total_commits: Number must be greater than or equal to 0',
    );
  });

  it('ignores Gitea events other than push', () => {
    expect(parsePushEvent(giteaHeaders('create'), body({ ref: 'v1', ref_type: 'tag' }))).toEqual({
      ignored: true,
      reason: 'Gitea "create" event is not a push',
    });
  });

  it('names Gitea, not GitHub, in errors', () => {
    expect(() => parsePushEvent(giteaHeaders(), body(giteaPush({ ref: '' })))).toThrow(
      'Gitea push payload: ref is empty',
    );
  });
});
