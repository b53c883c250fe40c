import { analysisTemplateSpecSchema, type AnalysisArgument } from '../../config/analysis.js';
import { describeZodError } from '../../config/index.js';
import { slipwayApiVersion, type KubeObject, type ObjectClient } from '../../kube/index.js';
import { mergeArgs, mergeTemplates, type NamedTemplate } from '../analysis/index.js';
import type { AnalysisRunPlan } from '../canary/analysis-plan.js';
import { podTemplateHashLabel } from '../canary/pod-template-hash.js';
import { ownerReference } from './rollout-objects.js';

/** Reads `metadata.name`, `metadata.labels['x']`, `spec.replicas` … off the Rollout. Pure. */
export function fieldOf(object: unknown, fieldPath: string): string | undefined {
  const parts = fieldPath.match(/[^.[\]'"]+/g) ?? [];
  let value: unknown = object;
  for (const part of parts) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The run's arguments with what only the Rollout knows filled in: the stable or latest pod
 * template hash, and fields of the Rollout itself. Secrets stay references, read by the run.
 */
export function rolloutArgs(
  args: readonly AnalysisArgument[],
  rollout: KubeObject,
  hashes: { readonly stable: string; readonly latest: string },
): AnalysisArgument[] {
  return args.map((arg) => {
    const from = arg.valueFrom;
    if (arg.value !== undefined || from === undefined) return arg;
    if (from.podTemplateHashValue !== undefined)
      return {
        name: arg.name,
        value: from.podTemplateHashValue === 'Stable' ? hashes.stable : hashes.latest,
      };
    if (from.fieldRef !== undefined) {
      const value = fieldOf(rollout, from.fieldRef.fieldPath);
      if (value !== undefined) return { name: arg.name, value };
    }
    return arg;
  });
}

async function loadTemplate(
  client: ObjectClient,
  namespace: string,
  ref: { templateName: string; clusterScope?: boolean | undefined },
): Promise<NamedTemplate> {
  const kind = ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
  const object = await client.get({
    apiVersion: slipwayApiVersion,
    kind,
    name: ref.templateName,
    ...(ref.clusterScope ? {} : { namespace }),
  });
  const where = `${kind} "${ref.templateName}" spec`;
  if (object === undefined) throw new Error(`${where}: not found`);
  const parsed = analysisTemplateSpecSchema.safeParse(object['spec']);
  if (!parsed.success) throw describeZodError(parsed.error, where);
  return { name: ref.templateName, spec: parsed.data };
}

/** Creates the AnalysisRun a plan asks for, from its templates; owned by the Rollout. */
export async function createAnalysisRun(
  client: ObjectClient,
  rollout: KubeObject,
  plan: AnalysisRunPlan,
  hashes: { readonly stable: string; readonly latest: string },
): Promise<KubeObject> {
  const namespace = rollout.metadata.namespace ?? 'default';
  const templates = await Promise.all(
    plan.analysis.templates.map((t) => loadTemplate(client, namespace, t)),
  );
  const merged = mergeTemplates(templates);
  const where = `Rollout "${rollout.metadata.name}" analysis`;
  const args = rolloutArgs(
    mergeArgs(merged.args ?? [], plan.analysis.args ?? [], where),
    rollout,
    hashes,
  );
  const run: KubeObject = {
    apiVersion: slipwayApiVersion,
    kind: 'AnalysisRun',
    metadata: {
      name: plan.name,
      namespace,
      labels: {
        [podTemplateHashLabel]: hashes.latest,
        'rollout-type': plan.kind === 'step' ? 'Step' : 'Background',
        ...(plan.stepIndex === undefined ? {} : { 'step-index': String(plan.stepIndex) }),
      },
      annotations: { 'rollout.argoproj.io/revision': String(plan.revision) },
      ownerReferences: [ownerReference(rollout)],
    },
    spec: { ...merged, args },
  };
  try {
    return await client.rest.send<KubeObject>({
      method: 'POST',
      path: await client.discovery.path(slipwayApiVersion, 'AnalysisRun', namespace),
      body: run,
    });
  } catch (error) {
    if ((error as { status?: number }).status === 409) return run;
    throw error;
  }
}

/** Asks a run still measuring to stop (spec.terminate), as Argo Rollouts does. */
export async function terminateAnalysisRun(
  client: ObjectClient,
  namespace: string,
  name: string,
): Promise<void> {
  await client.mergePatch(
    { apiVersion: slipwayApiVersion, kind: 'AnalysisRun', namespace, name },
    { spec: { terminate: true } },
  );
}
