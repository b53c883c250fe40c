import { analysisRunSpecSchema, analysisTemplateSpecSchema } from '../config/analysis.js';
import {
  applicationCrd,
  progressiveDeliveryCrds,
  type KubeObject,
  type ObjectClient,
} from '../kube/index.js';
import { secretSyncCrd } from '../kube/crds.js';

export const slipwayNamespace = 'slipway-system';

const labels = { 'app.kubernetes.io/part-of': 'slipway' };
const rbac = 'rbac.authorization.k8s.io/v1';

/** Slipway's actors and the ServiceAccount each runs as, in slipway-system. */
export const slipwayServiceAccounts = {
  gitops: 'slipway-gitops',
  rollouts: 'slipway-rollouts',
  pipelines: 'slipway-pipelines',
} as const;

type PolicyRule = {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
  readonly verbs: readonly string[];
};

const rule = (apiGroup: string, resources: string[], verbs: string[]): PolicyRule => ({
  apiGroups: [apiGroup],
  resources,
  verbs,
});

const watchVerbs = ['get', 'list', 'watch'];
const allVerbs = ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'];

/**
 * Argo CD's application-controller: it applies whatever the config repositories hold, so it
 * cannot know the kinds in advance. This is Slipway's one broad role, and it is bound to the
 * GitOps controller's ServiceAccount alone. Destinations in other clusters use their own
 * credentials, whose RBAC there bounds what an Application can do.
 */
const gitopsRules: PolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  // Discovery, /version and /openapi: read only.
  { nonResourceURLs: ['*'], verbs: ['get'] },
];

/** What the Rollouts controller touches, as Argo Rollouts' own ClusterRole, and nothing else. */
const rolloutsRules: PolicyRule[] = [
  rule('slipway.dev', ['rollouts', 'analysisruns'], allVerbs),
  rule('slipway.dev', ['rollouts/status', 'analysisruns/status'], ['get', 'update', 'patch']),
  rule('slipway.dev', ['analysistemplates', 'clusteranalysistemplates'], watchVerbs),
  rule('apps', ['replicasets'], allVerbs),
  // workloadRef: a Rollout may take its pod template from a Deployment it only reads.
  rule('apps', ['deployments'], watchVerbs),
  rule('', ['services'], [...watchVerbs, 'patch']),
  rule('networking.k8s.io', ['ingresses'], [...watchVerbs, 'create', 'update', 'patch']),
  rule('gateway.networking.k8s.io', ['httproutes'], [...watchVerbs, 'patch']),
  // restartAt: old pods are deleted one at a time so their ReplicaSet replaces them.
  rule('', ['pods'], ['list', 'delete']),
  // AnalysisTemplate args may come from a Secret key (valueFrom.secretKeyRef): read one by
  // name, never list them nor write them.
  rule('', ['secrets'], ['get']),
  // Job analysis providers.
  rule('batch', ['jobs'], ['create', 'get', 'list', 'watch', 'delete']),
  rule('', ['events'], ['create', 'patch']),
  rule('events.k8s.io', ['events'], ['create', 'patch']),
];

/** The pipeline runner: its Jobs and its Secrets, in slipway-system only. */
const pipelineRules: PolicyRule[] = [
  rule('batch', ['jobs'], allVerbs),
  rule('', ['secrets'], allVerbs),
];

function serviceAccount(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: slipwayNamespace, labels },
  };
}

/** A (Cluster)Role and its (Cluster)RoleBinding to one of Slipway's ServiceAccounts. */
function grant(
  scope: 'Cluster' | 'Namespace',
  name: string,
  account: string,
  rules: PolicyRule[],
): KubeObject[] {
  const kind = scope === 'Cluster' ? 'ClusterRole' : 'Role';
  const metadata =
    scope === 'Cluster' ? { name, labels } : { name, namespace: slipwayNamespace, labels };
  return [
    { apiVersion: rbac, kind, metadata, rules },
    {
      apiVersion: rbac,
      kind: `${kind}Binding`,
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name },
      subjects: [{ kind: 'ServiceAccount', name: account, namespace: slipwayNamespace }],
    },
  ];
}

/**
 * What `slipway install` applies: the CRDs, Slipway's namespace, and one ServiceAccount per actor
 * with the least each needs. Application pods get nothing: their namespace's `default`
 * ServiceAccount is bound to no role, so a compromised app cannot read Secrets or Pods. Pure.
 */
export function installManifests(): KubeObject[] {
  const accounts = slipwayServiceAccounts;
  return [
    applicationCrd() as KubeObject,
    ...(progressiveDeliveryCrds(analysisTemplateSpecSchema, analysisRunSpecSchema) as KubeObject[]),
    secretSyncCrd() as KubeObject,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: slipwayNamespace, labels } },
    ...Object.values(accounts).map(serviceAccount),
    ...grant('Cluster', 'slipway-gitops-controller', accounts.gitops, gitopsRules),
    ...grant('Cluster', 'slipway-rollouts-controller', accounts.rollouts, rolloutsRules),
    ...grant('Namespace', 'slipway-pipeline-runner', accounts.pipelines, pipelineRules),
  ];
}

/**
 * What earlier installs made and this one replaces: one all-powerful `slipway-controller` role
 * shared by every actor. Nothing runs as it any more, so an upgrade removes its grant.
 */
export const retiredObjects = [
  { apiVersion: rbac, kind: 'ClusterRoleBinding', name: 'slipway-controller' },
  { apiVersion: rbac, kind: 'ClusterRole', name: 'slipway-controller' },
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    namespace: slipwayNamespace,
    name: 'slipway-controller',
  },
] as const;

/** Applies the install manifests and waits until every CRD is served. Idempotent. */
export async function installSlipway(client: ObjectClient): Promise<string[]> {
  const applied: string[] = [];
  for (const object of installManifests()) {
    await client.apply(object);
    applied.push(`${object.kind}/${object.metadata.name}`);
  }
  for (const ref of retiredObjects) await client.delete(ref);
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
