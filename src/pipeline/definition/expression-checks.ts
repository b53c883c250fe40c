import {
  canonicalContext,
  compileTemplate,
  conditionExpression,
  contextReferences,
  ExpressionError,
  type CompiledExpression,
  type ContextName,
  type ContextReference,
} from '../expressions/index.js';
import type { PipelineJob, PipelineStep } from './model.js';
import type { FieldPath, PipelineProblem } from './problems.js';
import type { RawPipeline } from './schema.js';

/** What an expression at some place in the file may read. */
type Scope = {
  readonly where: string;
  readonly contexts: readonly Exclude<ContextName, 'github'>[];
  /** Step ids `steps.<id>` may name here (earlier steps; every step for job outputs). */
  readonly stepIds?: readonly string[];
  /** All step ids of the job, to tell "later step" from "no such step". */
  readonly allStepIds?: readonly string[];
  readonly needs?: readonly string[];
};

// Which contexts each place may read, after GitHub's context availability table: what is
// decided before a run starts (the concurrency group, a job's `if`) cannot read secrets or env.
const pipelineEnvContexts = ['event', 'secrets'] as const;
const concurrencyContexts = ['event'] as const;
const jobIfContexts = ['event', 'needs'] as const;
const jobContexts = ['event', 'env', 'secrets', 'needs'] as const;
const stepContexts = [...jobContexts, 'steps', 'job', 'runner'] as const;

/** Parses every `${{ }}` in the file and checks what each one reads, before anything runs. */
export function expressionProblems(
  top: RawPipeline | undefined,
  jobs: readonly PipelineJob[],
  stepIds: ReadonlyMap<string, readonly (string | undefined)[]>,
): PipelineProblem[] {
  const problems: PipelineProblem[] = [];
  const envScope: Scope = { where: 'in the pipeline env', contexts: pipelineEnvContexts };
  for (const [name, value] of Object.entries(top?.env ?? {})) {
    problems.push(...templateProblems(value, ['env', name], envScope));
  }
  const concurrencyScope: Scope = {
    where: 'in the concurrency group',
    contexts: concurrencyContexts,
  };
  if (top?.concurrency !== undefined) {
    problems.push(
      ...templateProblems(top.concurrency.group, ['concurrency', 'group'], concurrencyScope),
    );
  }
  for (const job of jobs) problems.push(...jobExpressionProblems(job, stepIds.get(job.id) ?? []));
  return problems;
}

function jobExpressionProblems(
  job: PipelineJob,
  stepIds: readonly (string | undefined)[],
): PipelineProblem[] {
  const path = ['jobs', job.id];
  const idsBefore = (index: number): string[] =>
    stepIds.slice(0, index).flatMap((id) => (id === undefined ? [] : [id]));
  const allStepIds = idsBefore(stepIds.length);
  const scope: Scope = { where: 'in a job', contexts: jobContexts, needs: job.needs };
  const outputScope: Scope = {
    ...scope,
    where: 'in job outputs',
    contexts: stepContexts,
    stepIds: allStepIds,
    allStepIds,
  };
  const problems: PipelineProblem[] = [];
  const ifScope: Scope = { ...scope, where: "in a job's if", contexts: jobIfContexts };
  if (job.if !== undefined) problems.push(...conditionProblems(job.if, [...path, 'if'], ifScope));
  problems.push(...mapProblems(job.env, [...path, 'env'], scope));
  if (job.container !== undefined) {
    problems.push(...templateProblems(job.container.image, [...path, 'container', 'image'], scope));
    problems.push(...mapProblems(job.container.env, [...path, 'container', 'env'], scope));
  }
  problems.push(...mapProblems(job.outputs, [...path, 'outputs'], outputScope));
  for (const step of job.steps) {
    const earlier = idsBefore(step.index);
    const stepScope: Scope = {
      ...scope,
      where: 'in a step',
      contexts: stepContexts,
      stepIds: earlier,
      allStepIds,
    };
    problems.push(...stepExpressionProblems(step, [...path, 'steps', step.index], stepScope));
  }
  return problems;
}

function stepExpressionProblems(
  step: PipelineStep,
  path: FieldPath,
  scope: Scope,
): PipelineProblem[] {
  const problems: PipelineProblem[] = [];
  if (step.if !== undefined) problems.push(...conditionProblems(step.if, [...path, 'if'], scope));
  for (const [field, value] of [
    ['name', step.name],
    ['working-directory', step.workingDirectory],
  ] as const) {
    if (value !== undefined) problems.push(...templateProblems(value, [...path, field], scope));
  }
  problems.push(...mapProblems(step.env, [...path, 'env'], scope));
  if (step.action.kind === 'run') {
    problems.push(...templateProblems(step.action.run, [...path, 'run'], scope));
  } else {
    const inputs = Object.entries(step.action.with).flatMap(([name, value]) =>
      typeof value === 'string' ? [[name, value] as const] : [],
    );
    for (const [name, value] of inputs)
      problems.push(...templateProblems(value, [...path, 'with', name], scope));
  }
  return problems;
}

function mapProblems(
  values: Readonly<Record<string, string>>,
  path: FieldPath,
  scope: Scope,
): PipelineProblem[] {
  return Object.entries(values).flatMap(([name, value]) =>
    templateProblems(value, [...path, name], scope),
  );
}

function templateProblems(text: string, path: FieldPath, scope: Scope): PipelineProblem[] {
  return checked(path, scope, () => compileTemplate(text));
}

function conditionProblems(text: string, path: FieldPath, scope: Scope): PipelineProblem[] {
  return checked(path, scope, () => [conditionExpression(text)]);
}

function checked(
  path: FieldPath,
  scope: Scope,
  compile: () => CompiledExpression[],
): PipelineProblem[] {
  try {
    return compile().flatMap((expression) =>
      contextReferences(expression.node).flatMap((reference) => {
        const message = referenceProblem(reference, scope);
        return message === undefined
          ? []
          : [{ path, message: `${message} (in \`${expression.source.trim()}\`)` }];
      }),
    );
  } catch (error) {
    if (error instanceof ExpressionError) return [{ path, message: error.message }];
    throw error;
  }
}

function referenceProblem(reference: ContextReference, scope: Scope): string | undefined {
  const context = canonicalContext(reference.context);
  if (context === undefined) {
    return `unknown context \`${reference.context}\`; use event (or github), env, secrets, steps, needs, job or runner`;
  }
  if (!scope.contexts.includes(context)) {
    return `the \`${reference.context}\` context cannot be used ${scope.where}; here you can use ${scope.contexts.join(', ')}`;
  }
  if (reference.key === undefined) return undefined;
  if (context === 'steps' && !(scope.stepIds ?? []).includes(reference.key)) {
    const later = (scope.allStepIds ?? []).includes(reference.key);
    return later
      ? `\`steps.${reference.key}\` is a step that runs later; a step can only read the steps before it`
      : `\`steps.${reference.key}\` names no step${scope.where === 'in a step' ? ' before this one' : ' of this job'}; give that step \`id: ${reference.key}\``;
  }
  if (context === 'needs' && !(scope.needs ?? []).includes(reference.key)) {
    return `\`needs.${reference.key}\` is not in this job's \`needs\`; add "${reference.key}" to \`needs\` to read its outputs`;
  }
  return undefined;
}
