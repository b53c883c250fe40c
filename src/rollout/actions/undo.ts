import type { PodTemplate } from '../../config/rollout.js';
import { InputError } from '../../errors/index.js';
import type { KubeObject } from '../../kube/index.js';
import { podTemplateHash, podTemplateHashLabel } from '../canary/pod-template-hash.js';
import { podTemplateAnnotation } from '../controller/rollout-objects.js';
import { hashOf, revisionOf, type JsonPatchOp, type RolloutView } from './rollout-view.js';

// Undo puts an earlier revision's pod template back into spec.template. Pure.

/** Refuses a Rollout whose template comes from a Deployment: spec.template is not its own. */
export function refuseWorkloadRef(rollout: RolloutView): void {
  const ref = rollout.spec?.workloadRef;
  if (ref === undefined) return;
  throw new InputError(
    `rollout "${rollout.metadata.name}" takes its template from ${ref.kind ?? 'Deployment'} "${ref.name ?? '?'}"; this command changes spec.template`,
    { hint: `change the ${ref.kind ?? 'Deployment'} instead — in Git, where it comes from` },
  );
}

function revisionsText(sets: readonly KubeObject[], currentHash: string | undefined): string {
  const list = sets
    .map((rs) => `${revisionOf(rs)}${hashOf(rs) === currentHash ? ' (current)' : ''}`)
    .join(', ');
  return list === '' ? '(none)' : list;
}

/**
 * The ReplicaSet whose template undo restores: the one at `toRevision`, or by default the newest
 * revision older than the current one. Pure; throws InputError naming the revisions there are.
 */
export function chooseUndoTarget(
  name: string,
  replicaSets: readonly KubeObject[],
  currentHash: string | undefined,
  toRevision: number | undefined,
): KubeObject {
  const sets = [...replicaSets].sort((a, b) => revisionOf(b) - revisionOf(a));
  const current = sets.find((rs) => hashOf(rs) === currentHash);
  const currentRevision = current ? revisionOf(current) : Infinity;
  const target =
    toRevision === undefined
      ? sets.find((rs) => revisionOf(rs) < currentRevision)
      : sets.find((rs) => revisionOf(rs) === toRevision);
  const revisions = `revisions: ${revisionsText(sets, currentHash)}`;
  if (target === undefined) {
    const what =
      toRevision === undefined ? 'no revision before the current one' : `no revision ${toRevision}`;
    throw new InputError(`rollout "${name}" has ${what}`, {
      hint: `${revisions}; older ReplicaSets beyond revisionHistoryLimit are gone`,
    });
  }
  if (target === current) {
    throw new InputError(`revision ${revisionOf(target)} is rollout "${name}"'s current one`, {
      hint: `${revisions}; pick an older one with --to-revision`,
    });
  }
  return target;
}

/** The ReplicaSet's pod template as stored: without the hash label. Pure. */
export function templateOf(rs: KubeObject): PodTemplate {
  const template = structuredClone(
    (rs['spec'] as { template?: PodTemplate } | undefined)?.template ?? { spec: {} },
  );
  const metadata = { ...(template.metadata ?? {}) };
  const labels = { ...(metadata.labels ?? {}) };
  delete labels[podTemplateHashLabel];
  metadata.labels = labels;
  // The API server writes `creationTimestamp: null` into every stored template; it means nothing.
  if (metadata['creationTimestamp'] === null) delete metadata['creationTimestamp'];
  return { ...template, metadata };
}

type Fields = Record<string, unknown>;

const podDefaults: Fields = {
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  dnsPolicy: 'ClusterFirst',
  schedulerName: 'default-scheduler',
};

const containerDefaults: Fields = {
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
};

const isEmptyObject = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;

/** The pull policy the API server picks when none is given: Always for `:latest` or no tag. */
const defaultPullPolicy = (image: unknown): string => {
  const text = typeof image === 'string' ? image.replace(/@.*$/, '') : '';
  const tag = /:([^/:]+)$/.exec(text)?.[1];
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
};

function withoutContainerDefaults(container: Fields, keepPullPolicy: boolean): Fields {
  const c: Fields = { ...container };
  for (const [k, v] of Object.entries(containerDefaults)) if (c[k] === v) delete c[k];
  if (!keepPullPolicy && c['imagePullPolicy'] === defaultPullPolicy(c['image']))
    delete c['imagePullPolicy'];
  if (isEmptyObject(c['resources'])) delete c['resources'];
  if (Array.isArray(c['ports'])) {
    c['ports'] = (c['ports'] as Fields[]).map((p) => {
      const { protocol, ...rest } = p;
      return protocol === 'TCP' ? rest : p;
    });
  }
  return c;
}

/** The template without the fields the API server fills in on a stored pod template. Pure. */
export function withoutServerDefaults(template: PodTemplate, keepPullPolicy = false): PodTemplate {
  const spec: Fields = { ...template.spec };
  for (const [k, v] of Object.entries(podDefaults)) if (spec[k] === v) delete spec[k];
  if (isEmptyObject(spec['securityContext'])) delete spec['securityContext'];
  for (const key of ['containers', 'initContainers']) {
    if (Array.isArray(spec[key]))
      spec[key] = (spec[key] as Fields[]).map((c) => withoutContainerDefaults(c, keepPullPolicy));
  }
  return { ...template, spec };
}

/** The template as the Rollout wrote it, kept by the controller in an annotation. Pure. */
function writtenTemplate(rs: KubeObject): PodTemplate | undefined {
  const raw = rs.metadata.annotations?.[podTemplateAnnotation];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as PodTemplate;
  } catch {
    return undefined;
  }
}

/**
 * The template to put back. The controller names ReplicaSets by the hash of spec.template, so the
 * old ReplicaSet is reused (an instant rollback) only when the template hashes as it did; the
 * stored copy carries server defaults, so copies without them are tried first. Pure.
 */
export function restoredTemplate(rs: KubeObject): {
  template: PodTemplate;
  reusesReplicaSet: boolean;
} {
  const written = writtenTemplate(rs);
  if (written !== undefined && podTemplateHash(written) === hashOf(rs))
    return { template: written, reusesReplicaSet: true };
  const stored = templateOf(rs);
  const stripped = withoutServerDefaults(stored);
  // imagePullPolicy is the default people most often also write out themselves.
  for (const template of [stripped, withoutServerDefaults(stored, true), stored]) {
    if (podTemplateHash(template) === hashOf(rs)) return { template, reusesReplicaSet: true };
  }
  return { template: stripped, reusesReplicaSet: false };
}

/** Replaces spec.template whole, so no key of the newer template survives. Pure. */
export function undoPatch(template: PodTemplate): JsonPatchOp[] {
  return [{ op: 'replace', path: '/spec/template', value: template }];
}
