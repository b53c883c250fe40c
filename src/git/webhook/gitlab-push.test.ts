import { describe, expect, it } from 'vitest';
import { parsePushEvent } from './push-event.js';

const sha = (c: string) => c.repeat(40);
const zero = sha('0');
const body = (payload: unknown) => Buffer.from(JSON.stringify(payload));
const gitlabHeaders = (event = 'Push Hook') => ({
  'content-type': 'application/json',
  'x-gitlab-event': event,
  'x-gitlab-token': 'not-checked-here',
});

const project = {
  id: 15,
  name: 'Deploy',
  web_url: 'https://gitlab.example.com/acme/Deploy',
  git_ssh_url: 'git@gitlab.example.com:acme/Deploy.git',
  git_http_url: 'https://gitlab.example.com/acme/Deploy.git',
  namespace: 'Acme',
  path_with_namespace: 'acme/Deploy',
  default_branch: 'main',
};

function gitlabPush(overrides: Record<string, unknown> = {}) {
  return {
    object_kind: 'push',
    event_name: 'push',
    before: sha('9'),
    after: sha('d'),
    ref: 'refs/heads/main',
    ref_protected: true,
    checkout_sha: sha('d'),
    user_username: 'jsmith',
    project_id: 15,
    project,
    commits: [
      {
        id: sha('d'),
        message: 'Roll out 2.0 to staging',
        title: 'Roll out 2.0 to staging',
        timestamp: '2024-05-02T10:00:00+02:00',
        url: `https://gitlab.example.com/acme/Deploy/-/commit/${sha('d')}`,
        author: { name: 'Jordi Mallach', email: 'jordi@example.com' },
        added: ['envs/staging/api.yaml'],
        modified: ['envs/staging/kustomization.yaml'],
        removed: [],
      },
    ],
    total_commits_count: 1,
    repository: {
      name: 'Deploy',
      url: 'git@gitlab.example.com:acme/Deploy.git',
      homepage: 'https://gitlab.example.com/acme/Deploy',
      git_http_url: 'https://gitlab.example.com/acme/Deploy.git',
      git_ssh_url: 'git@gitlab.example.com:acme/Deploy.git',
    },
    ...overrides,
  };
}

describe('parsePushEvent: GitLab', () => {
  it('reads a Push Hook', () => {
    expect(parsePushEvent(gitlabHeaders(), body(gitlabPush()))).toEqual({
      provider: 'gitlab',
      repoUrls: [
        'https://gitlab.example.com/acme/Deploy.git',
        'https://gitlab.example.com/acme/Deploy',
        'git@gitlab.example.com:acme/Deploy.git',
      ],
      ref: 'refs/heads/main',
      branch: 'main',
      after: sha('d'),
      changedFiles: ['envs/staging/api.yaml', 'envs/staging/kustomization.yaml'],
      changedFilesComplete: true,
    });
  });

  it('reads a Tag Push Hook, taking the tagged commit (checkout_sha) over the tag object', () => {
    const tagPush = gitlabPush({
      object_kind: 'tag_push',
      ref: 'refs/tags/v2.0.0',
      before: zero,
      after: sha('7'),
      checkout_sha: sha('d'),
      commits: [],
      total_commits_count: 0,
    });
    expect(parsePushEvent(gitlabHeaders('Tag Push Hook'), body(tagPush))).toMatchObject({
      tag: 'v2.0.0',
      after: sha('d'),
      changedFilesComplete: false,
    });
  });

  it('uses after when a deleted branch has no checkout_sha', () => {
    const deletion = gitlabPush({
      after: zero,
      checkout_sha: null,
      commits: [],
      total_commits_count: 0,
    });
    expect(parsePushEvent(gitlabHeaders(), body(deletion))).toMatchObject({
      after: zero,
      changedFilesComplete: false,
    });
  });

  it('marks the file list incomplete when more commits were pushed than GitLab lists (20 max)', () => {
    const event = parsePushEvent(gitlabHeaders(), body(gitlabPush({ total_commits_count: 35 })));
    expect(event).toMatchObject({ changedFilesComplete: false });
  });

  it('reads a push delivered as a system hook', () => {
    expect(parsePushEvent(gitlabHeaders('System Hook'), body(gitlabPush()))).toMatchObject({
      provider: 'gitlab',
      branch: 'main',
    });
  });

  it('ignores system hooks and events that are not pushes', () => {
    expect(
      parsePushEvent(gitlabHeaders('System Hook'), body({ event_name: 'project_create' })),
    ).toEqual({ ignored: true, reason: 'GitLab system hook "(no object_kind)" is not a push' });
    expect(parsePushEvent(gitlabHeaders('Merge Request Hook'), body({}))).toEqual({
      ignored: true,
      reason: 'GitLab "Merge Request Hook" event is not a push',
    });
  });

  it('rejects a push without project.web_url, naming provider and field', () => {
    const rest: Record<string, unknown> = { ...project };
    delete rest['web_url'];
    expect(() => parsePushEvent(gitlabHeaders(), body(gitlabPush({ project: rest })))).toThrow(
      'GitLab push payload: project.web_url is missing',
    );
  });

  it('rejects malformed JSON, naming GitLab', () => {
    expect(() => parsePushEvent(gitlabHeaders(), Buffer.from('object_kind=push'))).toThrow(
      /^GitLab webhook body is not valid JSON/,
    );
  });
});
