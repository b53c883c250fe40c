import { arch } from 'node:os';
import type { PipelineStep } from '../definition/index.js';
import type { ExpressionObject } from '../expressions/index.js';
import type { StepRecord } from '../../store/index.js';

// The names and expression contexts of a job's steps: what `steps.<id>`, `job` and `runner`
// show, and how a step is named in logs and summaries.

/** The name people read: `name:`, else the `uses:`, else the first line of the script. */
export function stepDisplayName(step: PipelineStep): string {
  if (step.name !== undefined) return step.name;
  const uses = stepUses(step);
  if (uses !== undefined) return uses;
  const firstLine = (step.action.kind === 'run' ? step.action.run : '').trim().split('\n')[0] ?? '';
  return firstLine.length > 40 ? `${firstLine.slice(0, 39)}…` : firstLine;
}

/** The registry name of a `uses:` step (`slipway/notify`, `actions/checkout`). */
export function stepUses(step: PipelineStep): string | undefined {
  const { action } = step;
  if (action.kind === 'slipway') return `slipway/${action.name}`;
  if (action.kind === 'native') return action.action;
  return undefined;
}

export function newStepRecord(step: PipelineStep): StepRecord {
  return {
    index: step.index,
    id: step.id,
    name: stepDisplayName(step),
    uses: stepUses(step),
    ...(step.continueOnError ? { continueOnError: true } : {}),
    status: 'pending',
    outputs: {},
  };
}

/** `steps.<id>.outputs|outcome|conclusion` for the steps that have an id. */
export function stepsContext(
  steps: readonly PipelineStep[],
  records: readonly StepRecord[],
  conclusions: ReadonlyMap<number, string>,
): ExpressionObject {
  const entries = steps.flatMap((step) => {
    const record = records[step.index];
    const conclusion = conclusions.get(step.index);
    if (step.id === undefined || record === undefined || conclusion === undefined) return [];
    const outcome = record.status === 'timed-out' ? 'failure' : record.status;
    return [[step.id, { outputs: { ...record.outputs }, outcome, conclusion }]];
  });
  return Object.fromEntries(entries) as ExpressionObject;
}

export function runnerContext(temp: string): ExpressionObject {
  return { os: 'Linux', arch: arch() === 'arm64' ? 'ARM64' : 'X64', name: 'slipway', temp };
}
