import { stringify } from 'yaml';
import { registryTokenAuth } from './network.js';

export const kwokTaint = {
  key: 'kwok.x-k8s.io/node',
  value: 'fake',
  effect: 'NoSchedule',
} as const;

/** Objects every Slipway cluster starts with. Pure. */
export function bootstrapManifests(): string {
  const docs = [
    {
      // Relying parties (Slipway's token exchange, a cloud's identity federation) fetch the
      // issuer's discovery document and JWKS without credentials, as on managed clusters.
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'slipway:service-account-issuer-discovery' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'system:service-account-issuer-discovery',
      },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:unauthenticated' },
      ],
    },
    ...nodeRegistryAudienceGrant(),
  ];
  return docs.map((d) => stringify(d)).join('---\n');
}

/**
 * Lets nodes request pods' service-account tokens for the registry's audience, which no pod
 * mounts: with ServiceAccountNodeAudienceRestriction (on by default in 1.34) the kubelet may
 * otherwise only ask for audiences the pod's own volumes name. The resource is the audience.
 */
function nodeRegistryAudienceGrant(): object[] {
  const name = 'slipway:node-registry-token-audience';
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name },
      rules: [
        {
          apiGroups: [''],
          resources: [registryTokenAuth.service],
          verbs: ['request-serviceaccounts-token-audience'],
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:nodes' }],
    },
  ];
}

export function kwokNodeName(index: number): string {
  return `kwok-node-${index}`;
}

/** N simulated nodes that kwok keeps Ready; only pods tolerating the kwok taint land there. Pure. */
export function kwokNodeManifests(count: number): string {
  const docs = Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: kwokNodeName(i),
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
      labels: {
        'kubernetes.io/hostname': kwokNodeName(i),
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/role': 'agent',
        'node-role.kubernetes.io/agent': '',
        type: 'kwok',
      },
    },
    spec: { taints: [kwokTaint] },
    status: {
      allocatable: { cpu: '32', memory: '256Gi', pods: '110' },
      capacity: { cpu: '32', memory: '256Gi', pods: '110' },
    },
  }));
  return docs.map((d) => stringify(d)).join('---\n');
}
