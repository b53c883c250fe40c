import { describe, expect, it } from 'vitest';
import { parsePipelineRepos } from './repo-registry.js';

describe('parsePipelineRepos', () => {
  it('reads urls and resolves a relative secretsFile from the file folder', () => {
    const text =
      'repos:\n  - url: https://github.com/acme/cat-app.git\n    secretsFile: cat.env\n  - url: file:///srv/dog\n';
    expect(parsePipelineRepos(text, '/etc/slipway/repos.yaml')).toEqual([
      { url: 'https://github.com/acme/cat-app.git', secretsFile: '/etc/slipway/cat.env' },
      { url: 'file:///srv/dog' },
    ]);
  });

  it.each([
    ['repos: [{}]', '--pipeline-repos r.yaml is not a repository list: repos.0.url: Required'],
    ['repo: []', '--pipeline-repos r.yaml is not a repository list: repos: Required'],
    [
      'repos: [{url: x, secret: y}]',
      "--pipeline-repos r.yaml is not a repository list: repos.0: Unrecognized key(s) in object: 'secret'",
    ],
    ['repos: [', /^--pipeline-repos r\.yaml is not YAML: /],
  ])('names the problem in %j', (text, message) => {
    expect(() => parsePipelineRepos(text, 'r.yaml')).toThrow(message);
  });
});
