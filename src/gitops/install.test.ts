import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/index.js';
import { installManifests, slipwayNamespace, slipwayServiceAccounts } from './install.js';

type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[] };
type Subject = { kind: string; name: string; namespace?: string };

const manifests = installManifests();
const byKind = (kind: string): KubeObject[] => manifests.filter((o) => o.kind === kind);
const rulesOf = (kind: string, name: string): Rule[] =>
  (byKind(kind).find((o) => o.metadata.name === name)?.['rules'] as Rule[] | undefined) ?? [];

/** RBAC's own matching, enough for these rules: exact names or `*`. */
function allows(rules: Rule[], group: string, resource: string, verb: string): boolean {
  const has = (list: string[] | undefined, value: string): boolean =>
    list?.includes('*') === true || list?.includes(value) === true;
  return rules.some(
    (r) => has(r.apiGroups, group) && has(r.resources, resource) && has(r.verbs, verb),
  );
}

const rollouts = rulesOf('ClusterRole', 'slipway-rollouts-controller');
const pipelines = rulesOf('Role', 'slipway-pipeline-runner');

describe('installManifests RBAC', () => {
  it('gives each actor its own ServiceAccount in slipway-system, and each binding one of them', () => {
    const accounts = byKind('ServiceAccount').map((o) => o.metadata.name);
    expect(accounts.sort()).toEqual(Object.values(slipwayServiceAccounts).sort());
    const bindings = [...byKind('ClusterRoleBinding'), ...byKind('RoleBinding')];
    expect(bindings.map((b) => [b.kind, b.metadata.name, b['subjects'] as Subject[]])).toEqual([
      [
        'ClusterRoleBinding',
        'slipway-gitops-controller',
        [{ kind: 'ServiceAccount', name: 'slipway-gitops', namespace: slipwayNamespace }],
      ],
      [
        'ClusterRoleBinding',
        'slipway-rollouts-controller',
        [{ kind: 'ServiceAccount', name: 'slipway-rollouts', namespace: slipwayNamespace }],
      ],
      [
        'RoleBinding',
        'slipway-pipeline-runner',
        [{ kind: 'ServiceAccount', name: 'slipway-pipelines', namespace: slipwayNamespace }],
      ],
    ]);
  });

  it('has exactly one wildcard role, the GitOps controller, and no all-powerful shared role', () => {
    const wildcard = [...byKind('ClusterRole'), ...byKind('Role')].filter((role) =>
      (role['rules'] as Rule[]).some((r) => r.resources?.includes('*')),
    );
    expect(wildcard.map((r) => r.metadata.name)).toEqual(['slipway-gitops-controller']);
    expect(manifests.filter((o) => o.metadata.name === 'slipway-controller')).toEqual([]);
  });

  it.each<[string, string, string, boolean]>([
    ['slipway.dev', 'rollouts/status', 'update', true],
    ['slipway.dev', 'analysisruns', 'create', true],
    ['apps', 'replicasets', 'delete', true],
    ['', 'services', 'patch', true],
    ['gateway.networking.k8s.io', 'httproutes', 'patch', true],
    ['', 'pods', 'delete', true],
    ['batch', 'jobs', 'create', true],
    ['', 'secrets', 'get', true],
    ['', 'secrets', 'create', false],
    ['', 'secrets', 'list', false],
    ['', 'namespaces', 'delete', false],
    ['apps', 'deployments', 'update', false],
    ['', 'services', 'delete', false],
    ['rbac.authorization.k8s.io', 'clusterroles', 'create', false],
  ])('the rollouts controller on %s %s %s: %s', (group, resource, verb, allowed) => {
    expect(allows(rollouts, group, resource, verb)).toBe(allowed);
  });

  it('keeps the pipeline runner to Jobs and Secrets inside slipway-system', () => {
    const role = byKind('Role').find((o) => o.metadata.name === 'slipway-pipeline-runner');
    expect(role?.metadata.namespace).toBe(slipwayNamespace);
    expect(allows(pipelines, 'batch', 'jobs', 'create')).toBe(true);
    expect(allows(pipelines, '', 'secrets', 'get')).toBe(true);
    expect(allows(pipelines, '', 'pods', 'get')).toBe(false);
    const clusterSubjects = byKind('ClusterRoleBinding').flatMap((b) => b['subjects'] as Subject[]);
    expect(clusterSubjects.map((s) => s.name)).not.toContain(slipwayServiceAccounts.pipelines);
  });

  it('binds nothing to a default ServiceAccount or to a group, so app pods get no access', () => {
    const subjects = [...byKind('ClusterRoleBinding'), ...byKind('RoleBinding')].flatMap(
      (b) => b['subjects'] as Subject[],
    );
    expect(subjects.filter((s) => s.kind !== 'ServiceAccount' || s.name === 'default')).toEqual([]);
  });
});
