import { describe, expect, it } from 'vitest';
import { detectSourceType } from './source-type.js';
import { kustomizeEdits } from './render-kustomize.js';
import { helmTemplateArgs } from './render-helm.js';

const repo = { repoURL: 'https://example.com/r' };

describe('detectSourceType', () => {
  it.each([
    [{ ...repo }, ['deploy.yaml'], 'Directory'],
    [{ ...repo }, ['kustomization.yaml', 'deploy.yaml'], 'Kustomize'],
    [{ ...repo }, ['Chart.yaml', 'values.yaml'], 'Helm'],
    [{ ...repo, helm: {} }, ['deploy.yaml'], 'Helm'],
    [{ ...repo, directory: { recurse: true } }, ['kustomization.yaml'], 'Directory'],
  ] as const)('%j with %j is %s', (source, files, type) => {
    expect(detectSourceType(source, files)).toBe(type);
  });
});

describe('kustomizeEdits', () => {
  it('maps images, prefix and common labels to kustomize edit commands', () => {
    expect(
      kustomizeEdits({
        ...repo,
        kustomize: {
          images: ['app=reg/app:v2'],
          namePrefix: 'prod-',
          commonLabels: { team: 'cats', tier: 'web' },
        },
      }),
    ).toEqual([
      ['edit', 'set', 'nameprefix', '--', 'prod-'],
      ['edit', 'set', 'image', 'app=reg/app:v2'],
      ['edit', 'add', 'label', '--force', 'team:cats,tier:web'],
    ]);
  });
});

describe('helmTemplateArgs', () => {
  it('passes release name, namespace, value files, inline values and parameters in order', () => {
    expect(
      helmTemplateArgs(
        '/t/chart',
        {
          ...repo,
          helm: {
            valueFiles: ['values-prod.yaml'],
            parameters: [
              { name: 'image.tag', value: '1.2' },
              { name: 'x', value: '01', forceString: true },
            ],
          },
        },
        { releaseName: 'cats', namespace: 'prod' },
        '/tmp/inline.yaml',
      ),
    ).toEqual([
      'template',
      'cats',
      '/t/chart',
      '--include-crds',
      '--namespace',
      'prod',
      '--values',
      '/t/chart/values-prod.yaml',
      '--values',
      '/tmp/inline.yaml',
      '--set',
      'image.tag=1.2',
      '--set-string',
      'x=01',
    ]);
  });
});
