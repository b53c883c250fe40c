import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createEngine, installSlipway } from '../../src/gitops/index.js';
import { kubectl, useNamespace } from './support/cluster.js';

// Argo CD's public example Applications (argocd-example-apps: guestbook as a plain directory,
// kustomize-guestbook, helm-guestbook), written as Argo CD users write them, with only the
// apiVersion changed. The API server must accept each as it is, with no field dropped.
const examples = (ns: string): Record<string, string> => ({
  guestbook: `apiVersion: slipway.dev/v1alpha1
kind: Application
metadata:
  name: guestbook
  namespace: ${ns}
  finalizers:
  - resources-finalizer.argocd.argoproj.io
spec:
  project: default
  source:
    repoURL: https://github.com/argoproj/argocd-example-apps.git
    targetRevision: HEAD
    path: guestbook
    directory:
      recurse: true
      exclude: '{README.md,*.json}'
  destination:
    server: https://kubernetes.default.svc
    namespace: guestbook
  syncPolicy:
    automated:
      prune: true
      selfHeal: true
    syncOptions:
    - CreateNamespace=true
    - PruneLast=true
  revisionHistoryLimit: 5
`,
  'kustomize-guestbook': `apiVersion: slipway.dev/v1alpha1
kind: Application
metadata:
  name: kustomize-guestbook
  namespace: ${ns}
spec:
  project: default
  source:
    repoURL: https://github.com/argoproj/argocd-example-apps.git
    targetRevision: master
    path: kustomize-guestbook
    kustomize:
      namePrefix: prod-
      images:
      - gcr.io/heptio-images/ks-guestbook-demo:0.2
      commonLabels:
        env: prod
  destination:
    server: https://kubernetes.default.svc
    namespace: kustomize-guestbook
  ignoreDifferences:
  - group: apps
    kind: Deployment
    jsonPointers:
    - /spec/replicas
`,
  'helm-guestbook': `apiVersion: slipway.dev/v1alpha1
kind: Application
metadata:
  name: helm-guestbook
  namespace: ${ns}
spec:
  project: default
  source:
    repoURL: https://github.com/argoproj/argocd-example-apps.git
    targetRevision: HEAD
    path: helm-guestbook
    helm:
      releaseName: guestbook
      valueFiles:
      - values-production.yaml
      parameters:
      - name: service.type
        value: NodePort
      valuesObject:
        replicaCount: 2
  destination:
    name: in-cluster
    namespace: helm-guestbook
`,
});

describe('Argo CD example Applications', () => {
  const ns = useNamespace('argo-compat');
  beforeAll(async () => {
    await installSlipway((await createEngine()).client);
  });

  it.each(['guestbook', 'kustomize-guestbook', 'helm-guestbook'])(
    'accepts %s with only apiVersion changed, keeping every field',
    async (name) => {
      const manifest = examples(ns.name)[name] ?? '';
      const stored = JSON.parse(
        await kubectl(['apply', '--dry-run=server', '-o', 'json', '-f', '-'], manifest),
      ) as { spec: unknown };
      expect(stored.spec).toEqual((parse(manifest) as { spec: unknown }).spec);
    },
  );
});
