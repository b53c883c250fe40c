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

  it('reads a preview with its config and image', () => {
    const text = [
      'repos:',
      '  - url: https://github.com/acme/cat-app.git',
      '    preview:',
      '      app: cat-app',
      '      config: {repoURL: https://github.com/acme/config.git, path: apps/cat, targetRevision: main}',
      '      image: registry.local/cat-app',
    ].join('\n');
    expect(parsePipelineRepos(text, '/etc/slipway/repos.yaml')).toEqual([
      {
        url: 'https://github.com/acme/cat-app.git',
        preview: {
          app: 'cat-app',
          config: {
            repoURL: 'https://github.com/acme/config.git',
            path: 'apps/cat',
            targetRevision: 'main',
          },
          image: 'registry.local/cat-app',
        },
      },
    ]);
  });

  it.each([
    [
      'repos: [{url: x, preview: {app: Cat_App, config: {repoURL: y}}}]',
      'repos.0.preview.app: must be a DNS label (lowercase letters, digits, -)',
    ],
    ['repos: [{url: x, preview: {app: cat}}]', 'repos.0.preview.config: Required'],
    [
      'repos: [{url: x, preview: {app: cat, config: {repoURL: y, branch: main}}}]',
      "repos.0.preview.config: Unrecognized key(s) in object: 'branch'",
    ],
  ])('names the preview problem in %j', (text, problem) => {
    expect(() => parsePipelineRepos(text, 'r.yaml')).toThrow(
      `--pipeline-repos r.yaml is not a repository list: ${problem}`,
    );
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
