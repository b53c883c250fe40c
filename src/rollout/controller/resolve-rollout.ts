import {
  rolloutSpecSchema,
  type LabelSelector,
  type PodTemplate,
  type RolloutSpec,
} from '../../config/rollout.js';
import type { KubeObject, ObjectClient } from '../../kube/index.js';
import { validateRolloutSpec, type SpecProblem } from '../validation/index.js';

export type ResolvedRollout = {
  readonly spec: RolloutSpec;
  readonly template: PodTemplate;
  readonly selector: LabelSelector;
};

const exists = async (
  client: ObjectClient,
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name: string,
): Promise<boolean> =>
  (await client.get({
    apiVersion,
    kind,
    name,
    ...(namespace === undefined ? {} : { namespace }),
  })) !== undefined;

async function workloadTemplate(
  client: ObjectClient,
  rollout: KubeObject,
  spec: RolloutSpec,
): Promise<{ template?: PodTemplate; selector?: LabelSelector; problem?: SpecProblem }> {
  if (spec.workloadRef === undefined) return spec.template ? { template: spec.template } : {};
  const deployment = await client.get({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: rollout.metadata.namespace ?? 'default',
    name: spec.workloadRef.name,
  });
  if (deployment === undefined) {
    return {
      problem: {
        field: 'spec.workloadRef.name',
        message: `Deployment "${spec.workloadRef.name}" not found in namespace "${rollout.metadata.namespace ?? 'default'}"; create it or fix the name`,
      },
    };
  }
  const dspec = deployment['spec'] as { template?: PodTemplate; selector?: LabelSelector };
  return {
    ...(dspec.template ? { template: dspec.template } : {}),
    ...(dspec.selector ? { selector: dspec.selector } : {}),
  };
}

/** Every analysis template the spec names must exist. */
async function templateProblems(
  client: ObjectClient,
  ns: string,
  spec: RolloutSpec,
): Promise<SpecProblem[]> {
  const canary = spec.strategy.canary;
  const analyses = [
    ...(canary.analysis
      ? [{ field: 'spec.strategy.canary.analysis', analysis: canary.analysis }]
      : []),
    ...(canary.steps ?? []).flatMap((s, i) =>
      s.analysis
        ? [{ field: `spec.strategy.canary.steps[${i}].analysis`, analysis: s.analysis }]
        : [],
    ),
  ];
  const problems: SpecProblem[] = [];
  for (const { field, analysis } of analyses) {
    for (const [j, ref] of analysis.templates.entries()) {
      const kind = ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
      const namespace = ref.clusterScope ? undefined : ns;
      if (await exists(client, 'slipway.dev/v1alpha1', kind, namespace, ref.templateName)) continue;
      problems.push({
        field: `${field}.templates[${j}].templateName`,
        message: `${kind} "${ref.templateName}" not found${namespace ? ` in namespace "${namespace}"` : ''}; create it or fix the name`,
      });
    }
  }
  return problems;
}

/** Objects the spec names that must exist before anything is scaled. */
async function referenceProblems(
  client: ObjectClient,
  rollout: KubeObject,
  spec: RolloutSpec,
): Promise<SpecProblem[]> {
  const ns = rollout.metadata.namespace ?? 'default';
  const canary = spec.strategy.canary;
  const problems: SpecProblem[] = [];
  for (const field of ['canaryService', 'stableService'] as const) {
    const name = canary[field];
    if (name && !(await exists(client, 'v1', 'Service', ns, name)))
      problems.push({
        field: `spec.strategy.canary.${field}`,
        message: `Service "${name}" not found in namespace "${ns}"; create it first`,
      });
  }
  problems.push(...(await templateProblems(client, ns, spec)));
  const nginx = canary.trafficRouting?.nginx;
  if (nginx && !(await exists(client, 'networking.k8s.io/v1', 'Ingress', ns, nginx.stableIngress)))
    problems.push({
      field: 'spec.strategy.canary.trafficRouting.nginx.stableIngress',
      message: `Ingress "${nginx.stableIngress}" not found in namespace "${ns}"`,
    });
  const gateway = canary.trafficRouting?.gatewayAPI;
  if (
    gateway &&
    !(await exists(
      client,
      'gateway.networking.k8s.io/v1',
      'HTTPRoute',
      gateway.namespace ?? ns,
      gateway.httpRoute,
    ).catch(() => false))
  )
    problems.push({
      field: 'spec.strategy.canary.trafficRouting.gatewayAPI.httpRoute',
      message: `HTTPRoute "${gateway.httpRoute}" not found in namespace "${gateway.namespace ?? ns}" (are the Gateway API CRDs installed?)`,
    });
  return problems;
}

/**
 * The Rollout's spec parsed, its pod template resolved (inline or from workloadRef) and every
 * check passed — or the problems, each naming its field, and then nothing may be scaled.
 */
export async function resolveRollout(
  client: ObjectClient,
  rollout: KubeObject,
): Promise<ResolvedRollout | { problems: SpecProblem[] }> {
  const parsed = rolloutSpecSchema.safeParse(rollout['spec']);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        field: ['spec', ...issue.path].join('.'),
        message: issue.message,
      })),
    };
  }
  const spec = parsed.data;
  const workload = await workloadTemplate(client, rollout, spec);
  if (workload.problem) return { problems: [workload.problem] };
  const selector = spec.selector ?? workload.selector;
  const problems = validateRolloutSpec(
    { ...spec, ...(selector ? { selector } : {}) },
    workload.template,
  );
  if (problems.length === 0) problems.push(...(await referenceProblems(client, rollout, spec)));
  if (problems.length > 0 || workload.template === undefined || selector === undefined)
    return { problems };
  return { spec, template: workload.template, selector };
}
