import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { GitFixture } from './support/git-fixture.js';
import { kubectl, useNamespace } from './support/cluster.js';
import {
  configMapYaml,
  createApp,
  deploymentYaml,
  pauseImage,
  syncedAndHealthy,
  useController,
  waitApp,
} from './support/gitops.js';

const jsonpath = (ns: string, what: string, path: string): Promise<string> =>
  kubectl(['-n', ns, 'get', what, '-o', `jsonpath=${path}`]);

describe('Kustomize and Helm sources', () => {
  const ns = useNamespace('gitops-src');
  useController(() => [ns.name]);
  let repo: GitFixture;
  beforeAll(async () => {
    repo = await GitFixture.create({
      'kustomize/base/kustomization.yaml': stringify({ resources: ['deploy.yaml', 'config.yaml'] }),
      'kustomize/base/deploy.yaml': deploymentYaml('cats', { image: 'cat-app:placeholder' }),
      'kustomize/base/config.yaml': configMapYaml('cats-config', { mood: 'sleepy' }),
      'kustomize/prod/kustomization.yaml': stringify({
        resources: ['../base'],
        commonLabels: { env: 'prod' },
      }),
      'chart/Chart.yaml': stringify({ apiVersion: 'v2', name: 'cats', version: '0.1.0' }),
      'chart/values.yaml': stringify({ replicas: 1, image: 'none', greeting: 'meow' }),
      'chart/values-prod.yaml': stringify({ replicas: 2 }),
      'chart/templates/deploy.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: {{ .Release.Name }}-web',
        '  labels: {release: {{ .Release.Name | quote }}}',
        'spec:',
        '  replicas: {{ .Values.replicas }}',
        '  selector: {matchLabels: {app: {{ .Release.Name }}-web}}',
        '  template:',
        '    metadata: {labels: {app: {{ .Release.Name }}-web}}',
        '    spec:',
        '      terminationGracePeriodSeconds: 0',
        '      containers: [{name: main, image: {{ .Values.image | quote }}}]',
        '---',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: {{ .Release.Name }}-greeting}',
        'data: {greeting: {{ .Values.greeting | quote }}, number: {{ .Values.number | default "1" | quote }}}',
      ].join('\n'),
    });
  });
  afterAll(async () => repo.remove());

  it('renders Kustomize with images, namePrefix and commonLabels from the Application', async () => {
    await createApp(ns.name, 'kust', {
      repoURL: repo.url,
      path: 'kustomize/prod',
      namespace: ns.name,
      automated: { prune: true },
      extra: {},
    });
    await kubectl([
      '-n',
      ns.name,
      'patch',
      'applications.slipway.dev',
      'kust',
      '--type=merge',
      '-p',
      JSON.stringify({
        spec: {
          source: {
            kustomize: {
              images: [`cat-app=${pauseImage}`],
              namePrefix: 'prod-',
              commonLabels: { team: 'cats' },
            },
          },
        },
      }),
    ]);
    const app = await waitApp(
      ns.name,
      'kust',
      'Synced and Healthy',
      (a) =>
        syncedAndHealthy(a) && a.status?.resources?.some((r) => r.name === 'prod-cats') === true,
    );
    expect(app.status?.sourceType).toBe('Kustomize');
    expect(
      await jsonpath(ns.name, 'deployment/prod-cats', '{.spec.template.spec.containers[0].image}'),
    ).toBe(pauseImage);
    expect(
      await jsonpath(
        ns.name,
        'deployment/prod-cats',
        '{.metadata.labels.team} {.metadata.labels.env}',
      ),
    ).toBe('cats prod');
    expect(await jsonpath(ns.name, 'configmap/prod-cats-config', '{.data.mood}')).toBe('sleepy');
    // The Application's options never touch the shared checkout: plain `kustomize build` of it is unchanged.
    expect(readFileSync(`${repo.dir}/kustomize/prod/kustomization.yaml`, 'utf8')).not.toContain(
      'namePrefix',
    );
  });

  it('renders Helm with release name, value files, valuesObject and parameters', async () => {
    await createApp(ns.name, 'helm', {
      repoURL: repo.url,
      path: 'chart',
      namespace: ns.name,
      automated: { prune: true },
      extra: {},
    });
    await kubectl([
      '-n',
      ns.name,
      'patch',
      'applications.slipway.dev',
      'helm',
      '--type=merge',
      '-p',
      JSON.stringify({
        spec: {
          source: {
            helm: {
              releaseName: 'tabby',
              valueFiles: ['values-prod.yaml'],
              valuesObject: { image: pauseImage, greeting: 'purr' },
              parameters: [{ name: 'number', value: '007', forceString: true }],
            },
          },
        },
      }),
    ]);
    const app = await waitApp(
      ns.name,
      'helm',
      'Synced and Healthy',
      (a) =>
        syncedAndHealthy(a) && a.status?.resources?.some((r) => r.name === 'tabby-web') === true,
    );
    expect(app.status?.sourceType).toBe('Helm');
    expect(
      await jsonpath(
        ns.name,
        'deployment/tabby-web',
        '{.spec.replicas} {.metadata.labels.release}',
      ),
    ).toBe('2 tabby');
    expect(
      await jsonpath(ns.name, 'configmap/tabby-greeting', '{.data.greeting} {.data.number}'),
    ).toBe('purr 007');
  });
});
