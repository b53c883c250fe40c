import type { CanaryStep, PodTemplate } from '../../config/rollout.js';
import type { KubeObject } from '../../kube/index.js';
import type { RolloutStatus } from '../canary/rollout-status.js';
import { podTemplateHashLabel } from '../canary/pod-template-hash.js';
import { revisionAnnotation } from '../controller/rollout-objects.js';

/** What the actions read of a Rollout's spec; the server does not validate it, so all is optional. */
export type RolloutSpecView = {
  readonly replicas?: number;
  readonly paused?: boolean;
  readonly restartAt?: string;
  readonly template?: PodTemplate;
  readonly workloadRef?: { readonly kind?: string; readonly name?: string };
  readonly strategy?: { readonly canary?: { readonly steps?: readonly CanaryStep[] } };
};

export type RolloutView = KubeObject & { spec?: RolloutSpecView; status?: RolloutStatus };

export const stepsOf = (rollout: RolloutView): readonly CanaryStep[] =>
  rollout.spec?.strategy?.canary?.steps ?? [];

/** True when the Rollout is this object's controlling owner. Pure. */
export function ownedBy(object: KubeObject, rollout: KubeObject): boolean {
  const owners = (object.metadata['ownerReferences'] ?? []) as readonly {
    kind?: string;
    name?: string;
    uid?: string;
    controller?: boolean;
  }[];
  return owners.some(
    (o) =>
      o.controller === true &&
      o.kind === 'Rollout' &&
      (rollout.metadata.uid === undefined
        ? o.name === rollout.metadata.name
        : o.uid === rollout.metadata.uid),
  );
}

export const revisionOf = (rs: KubeObject): number =>
  Number(rs.metadata.annotations?.[revisionAnnotation] ?? 0) || 0;

export const hashOf = (object: KubeObject): string =>
  object.metadata.labels?.[podTemplateHashLabel] ?? '';

export type JsonPatchOp =
  | { readonly op: 'replace' | 'add' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

/** Merge patches for the spec and the status subresource, and what they do in words. */
export type RolloutPatches = {
  readonly spec?: Record<string, unknown>;
  readonly status?: Record<string, unknown>;
  readonly done: readonly string[];
};

/** The current revision is the stable one: no canary step is left to promote. Pure. */
export function fullyPromoted(rollout: RolloutView): boolean {
  const s = rollout.status;
  return s?.stableRS !== undefined && s.stableRS === s.currentPodHash;
}

const durationText = (d: number | string): string => (typeof d === 'number' ? `${d}s` : d);

/** One step as the spec says it: `setWeight: 20`, `pause: {}`, `pause: 10s`, `analysis: a, b`. */
export function stepText(step: CanaryStep): string {
  if (step.setWeight !== undefined) return `setWeight: ${step.setWeight}`;
  if (step.pause !== undefined)
    return step.pause.duration === undefined
      ? 'pause: {}'
      : `pause: ${durationText(step.pause.duration)}`;
  if (step.analysis !== undefined)
    return `analysis: ${step.analysis.templates.map((t) => t.templateName).join(', ')}`;
  return '(empty step)';
}
