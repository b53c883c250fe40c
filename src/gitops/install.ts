import { analysisRunSpecSchema, analysisTemplateSpecSchema } from '../config/analysis.js';
import {
  applicationCrd,
  progressiveDeliveryCrds,
  type KubeObject,
  type ObjectClient,
} from '../kube/index.js';

export const slipwayNamespace = 'slipway-system';

/** What `slipway install` applies: the CRDs, Slipway's namespace and the controller's identity and RBAC. Pure. */
export function installManifests(): KubeObject[] {
  const labels = { 'app.kubernetes.io/part-of': 'slipway' };
  return [
    applicationCrd() as KubeObject,
    ...(progressiveDeliveryCrds(analysisTemplateSpecSchema, analysisRunSpecSchema) as KubeObject[]),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: slipwayNamespace, labels } },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'slipway-controller', namespace: slipwayNamespace, labels },
    },
    {
      // The GitOps controller applies whatever the config repos hold, as Argo CD's does:
      // all verbs on all resources, bound only to its own ServiceAccount.
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'slipway-controller', labels },
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['*'], verbs: ['*'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'slipway-controller', labels },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'slipway-controller',
      },
      subjects: [
        { kind: 'ServiceAccount', name: 'slipway-controller', namespace: slipwayNamespace },
      ],
    },
  ];
}

/** Applies the install manifests and waits until every CRD is served. Idempotent. */
export async function installSlipway(client: ObjectClient): Promise<string[]> {
  const applied: string[] = [];
  for (const object of installManifests()) {
    await client.apply(object);
    applied.push(`${object.kind}/${object.metadata.name}`);
  }
  const crdNames = installManifests()
    .filter((o) => o.kind === 'CustomResourceDefinition')
    .map((o) => o.metadata.name);
  for (const name of crdNames) await waitEstablished(client, name);
  return applied;
}

async function waitEstablished(client: ObjectClient, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const crd = await client.get({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      name,
    });
    const conditions =
      (crd?.['status'] as { conditions?: { type: string; status: string }[] } | undefined)
        ?.conditions ?? [];
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) break;
    if (Date.now() > deadline) throw new Error(`the CRD ${name} was not Established within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
