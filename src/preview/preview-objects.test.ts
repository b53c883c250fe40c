import { describe, expect, it } from 'vitest';
import type { ApplicationObject } from '../gitops/index.js';
import type { KubeObject } from '../kube/index.js';
import {
  namespaceOwner,
  nodePortOf,
  ownsNamespace,
  previewApplication,
  previewNamespaceObject,
  previewService,
  syncProgress,
} from './preview-objects.js';
import { imageOverride, targetFor, type PreviewTarget } from './preview-target.js';
import type { PushedImage } from './pushed-image.js';

const digest = `sha256:${'cd'.repeat(32)}`;
const image: PushedImage = {
  repository: '127.0.0.1:5000/cat-app',
  digest,
  ref: `127.0.0.1:5000/cat-app@${digest}`,
};
const target: PreviewTarget = {
  app: 'cat-app',
  repo: 'https://git.example/acme/cat-app.git',
  config: { repoURL: 'https://git.example/acme/cat-app-config.git' },
};

describe('previewApplication', () => {
  it('renders the config with the PR image by digest into the preview namespace', () => {
    const app = previewApplication({
      target,
      pr: 12,
      namespace: 'pr-12-cat-app',
      applicationNamespace: 'slipway-system',
      sha: 'f'.repeat(40),
      image,
      branch: 'Feature/FR-1206 dynamic images!',
      url: undefined,
    });
    expect(app).toEqual({
      apiVersion: 'slipway.dev/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'pr-12-cat-app',
        namespace: 'slipway-system',
        labels: { 'slipway.dev/preview-pr': '12', 'slipway.dev/preview-app': 'cat-app' },
        annotations: {
          'slipway.dev/preview-sha': 'f'.repeat(40),
          'slipway.dev/preview-branch': 'Feature/FR-1206 dynamic images!',
        },
        finalizers: ['resources-finalizer.slipway.dev'],
      },
      spec: {
        project: 'default',
        source: {
          repoURL: 'https://git.example/acme/cat-app-config.git',
          targetRevision: 'HEAD',
          path: '.',
          kustomize: { images: [`127.0.0.1:5000/cat-app@${digest}`] },
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'pr-12-cat-app' },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true'],
        },
      },
    });
  });
});

describe('imageOverride', () => {
  it('names the config image when it differs from the pushed repository', () => {
    expect(imageOverride({ ...target, image: 'cat-app' }, image)).toBe(
      `cat-app=127.0.0.1:5000/cat-app@${digest}`,
    );
    expect(imageOverride(target, image)).toBe(image.ref);
  });
});

describe('targetFor', () => {
  const web: PreviewTarget = { ...target, app: 'web', image: '127.0.0.1:5000/web' };
  it('matches the repository however its URL is spelled', () => {
    expect(targetFor([target], 'https://git.example/acme/cat-app', image)).toBe(target);
    expect(targetFor([target], 'https://git.example/acme/other.git', image)).toBeUndefined();
  });
  it('picks the app whose image was pushed when a repository has several', () => {
    expect(targetFor([web, target], target.repo, image)).toBe(target);
  });
});

describe('namespace ownership', () => {
  it('owns only a namespace labelled with its PR and app', () => {
    const own = previewNamespaceObject('pr-3-cat-app', { pr: 3, app: 'cat-app' });
    expect(ownsNamespace(own, { pr: 3, app: 'cat-app' })).toBe(true);
    expect(ownsNamespace(own, { pr: 4, app: 'cat-app' })).toBe(false);
    expect(namespaceOwner(own)).toBe('it belongs to the preview of PR #3 of cat-app');
    const foreign: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } };
    expect(ownsNamespace(foreign, { pr: 3, app: 'cat-app' })).toBe(false);
    expect(namespaceOwner(foreign)).toBe('it is not a preview namespace');
  });
});

const service = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'pr-3-cat-app' },
  spec,
});

describe('the preview URL', () => {
  const clusterIp = service('cat-app', {
    type: 'ClusterIP',
    selector: { 'app.kubernetes.io/name': 'cat-app' },
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
  });

  it('uses the config’s NodePort Service when it has one', () => {
    const nodePort = service('web', {
      type: 'NodePort',
      ports: [
        { name: 'metrics', port: 9090, nodePort: 30001 },
        { name: 'http', port: 80, nodePort: 30002 },
      ],
    });
    expect(nodePortOf([clusterIp, nodePort], 'cat-app')).toBe(30002);
  });

  it('copies the app’s Service as a `preview` NodePort Service when the config has none', () => {
    expect(nodePortOf([clusterIp], 'cat-app')).toBeUndefined();
    expect(
      previewService(
        [service('cat-app-canary', { selector: { x: 'y' }, ports: [{ port: 1 }] }), clusterIp],
        'pr-3-cat-app',
        { pr: 3, app: 'cat-app' },
      ),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'preview',
        namespace: 'pr-3-cat-app',
        labels: { 'slipway.dev/preview-pr': '3', 'slipway.dev/preview-app': 'cat-app' },
      },
      spec: {
        type: 'NodePort',
        selector: { 'app.kubernetes.io/name': 'cat-app' },
        ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      },
    });
  });

  it('has nothing to expose without a Service that selects pods', () => {
    expect(previewService([], 'ns', { pr: 3, app: 'cat-app' })).toBeUndefined();
  });
});

describe('syncProgress', () => {
  const images = [image.ref];
  const app = (status: ApplicationObject['status']): ApplicationObject => ({
    apiVersion: 'slipway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'pr-3-cat-app' },
    status,
  });
  const comparedTo = { source: { repoURL: 'x', kustomize: { images } } };

  it('is ready when the new image is Synced and Healthy', () => {
    expect(
      syncProgress(
        app({ sync: { status: 'Synced', comparedTo }, health: { status: 'Healthy' } }),
        images,
      ),
    ).toEqual({ ready: true });
  });

  it('waits while the engine still compares the old image', () => {
    const old = { source: { kustomize: { images: ['old'] } } };
    const progress = syncProgress(
      app({ sync: { status: 'Synced', comparedTo: old }, health: { status: 'Healthy' } }),
      images,
    );
    expect(progress).toEqual({
      ready: false,
      why: 'the GitOps engine has not compared the new image yet',
    });
  });

  it('says what is unhealthy', () => {
    const progress = syncProgress(
      app({
        sync: { status: 'Synced', comparedTo },
        health: { status: 'Progressing', message: 'Deployment/web: 0 of 1 ready' },
      }),
      images,
    );
    expect(progress).toEqual({
      ready: false,
      why: 'sync Synced; health Progressing (Deployment/web: 0 of 1 ready)',
    });
  });
});
