import type { PodTemplate, RolloutSpec } from '../../config/rollout.js';
import { durationMs } from '../canary/canary-input.js';
import { resolveIntOrPercent } from '../canary/replica-math.js';
import { selectorMatches } from './label-selector.js';

/** One problem with a Rollout's spec: the field at fault and what is wrong with it. */
export type SpecProblem = { readonly field: string; readonly message: string };

function stepProblems(spec: RolloutSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  let lastWeight = 0;
  (spec.strategy.canary.steps ?? []).forEach((step, i) => {
    const field = `spec.strategy.canary.steps[${i}]`;
    const kinds = (['setWeight', 'pause', 'analysis'] as const).filter(
      (k) => step[k] !== undefined,
    );
    if (kinds.length !== 1) {
      problems.push({
        field,
        message: `a step needs exactly one of setWeight, pause or analysis; it has ${kinds.length === 0 ? 'none' : kinds.join(' and ')}`,
      });
    }
    if (step.setWeight !== undefined) {
      if (step.setWeight < 0 || step.setWeight > 100) {
        problems.push({
          field: `${field}.setWeight`,
          message: `${step.setWeight} is not a percentage; use a value from 0 to 100`,
        });
      } else if (step.setWeight < lastWeight) {
        problems.push({
          field: `${field}.setWeight`,
          message: `${step.setWeight} is below the ${lastWeight} of an earlier step; weights only grow during a rollout (to send traffic back, abort the rollout)`,
        });
      } else lastWeight = step.setWeight;
    }
    const duration = step.pause?.duration;
    if (duration !== undefined && Number.isNaN(durationMs(duration))) {
      problems.push({
        field: `${field}.pause.duration`,
        message: `"${duration}" is not a duration; write seconds (30) or 30s, 5m, 1h`,
      });
    }
  });
  return problems;
}

function serviceProblems(spec: RolloutSpec): SpecProblem[] {
  const canary = spec.strategy.canary;
  const problems: SpecProblem[] = [];
  if (canary.trafficRouting !== undefined) {
    for (const field of ['canaryService', 'stableService'] as const) {
      if (!canary[field])
        problems.push({
          field: `spec.strategy.canary.${field}`,
          message:
            'traffic routing needs both a canaryService and a stableService; name the Service',
        });
    }
  }
  if (canary.canaryService && canary.canaryService === canary.stableService) {
    problems.push({
      field: 'spec.strategy.canary.canaryService',
      message: `"${canary.canaryService}" is also the stableService; they must be two Services`,
    });
  }
  const replicas = spec.replicas ?? 1;
  if (
    resolveIntOrPercent(canary.maxSurge ?? '25%', replicas, true) === 0 &&
    resolveIntOrPercent(canary.maxUnavailable ?? '25%', replicas, false) === 0
  ) {
    problems.push({
      field: 'spec.strategy.canary.maxSurge',
      message:
        'maxSurge and maxUnavailable are both 0, so no pod could ever be replaced; raise one',
    });
  }
  return problems;
}

/**
 * Everything wrong with a Rollout's spec that can be told without the cluster, checked before
 * anything is scaled. `template` is the resolved pod template (inline or from workloadRef). Pure.
 */
export function validateRolloutSpec(
  spec: RolloutSpec,
  template: PodTemplate | undefined,
): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (spec.template !== undefined && spec.workloadRef !== undefined)
    problems.push({
      field: 'spec.template',
      message: 'set either template or workloadRef, not both',
    });
  if (template === undefined && spec.workloadRef === undefined)
    problems.push({
      field: 'spec.template',
      message: 'a Rollout needs a pod template or a workloadRef',
    });
  const selector = spec.selector;
  if (
    selector === undefined ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 &&
      (selector.matchExpressions ?? []).length === 0)
  ) {
    problems.push({ field: 'spec.selector', message: 'a Rollout needs a non-empty selector' });
  } else if (
    template !== undefined &&
    !selectorMatches(selector, template.metadata?.labels ?? {})
  ) {
    problems.push({
      field: 'spec.selector',
      message: `does not match the template's labels ${JSON.stringify(template.metadata?.labels ?? {})}; the Rollout would never see its own pods`,
    });
  }
  return [...problems, ...stepProblems(spec), ...serviceProblems(spec)];
}

export function describeProblems(problems: readonly SpecProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}
