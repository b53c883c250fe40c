import { describe, expect, it } from 'vitest';
import { appsForPush } from './webhook-decision.js';

const push = {
  provider: 'github' as const,
  repoUrls: ['https://github.com/cats/config.git', 'git@github.com:cats/config.git'],
  ref: 'refs/heads/main',
  branch: 'main',
  after: 'abc123',
  changedFiles: [],
  changedFilesComplete: true,
};

describe('appsForPush', () => {
  it('picks apps on the same repo (any spelling) tracking the pushed branch or HEAD', () => {
    const apps = [
      { key: 'a/main', repoURL: 'https://github.com/cats/config', targetRevision: 'main' },
      { key: 'a/head', repoURL: 'ssh://git@github.com/cats/config.git', targetRevision: 'HEAD' },
      { key: 'a/empty', repoURL: 'https://GitHub.com/cats/config/', targetRevision: undefined },
      {
        key: 'a/other-branch',
        repoURL: 'https://github.com/cats/config',
        targetRevision: 'release',
      },
      { key: 'a/other-repo', repoURL: 'https://github.com/dogs/config', targetRevision: 'main' },
    ];
    expect(appsForPush(push, apps)).toEqual(['a/main', 'a/head', 'a/empty']);
  });
});
