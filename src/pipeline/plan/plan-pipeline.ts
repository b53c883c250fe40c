import { ExpressionError, interpolate, type ExpressionContext } from '../expressions/index.js';
import type { Pipeline } from '../definition/index.js';
import { InputError } from '../../errors/index.js';
import { topologicalLevels } from './job-graph.js';
import { eventContext, type TriggerEvent } from './trigger-event.js';
import { decideTrigger } from './triggers.js';

export type PipelinePlan = {
  readonly pipeline: Pipeline;
  readonly event: TriggerEvent;
  /** Why the pipeline runs for this event. */
  readonly reason: string;
  readonly concurrency: { readonly group: string; readonly cancelInProgress: boolean } | undefined;
  /** Job ids by dependency depth; all jobs of a level may run at once. */
  readonly levels: readonly (readonly string[])[];
};

export type PlanDecision =
  | { readonly triggered: false; readonly reason: string }
  | { readonly triggered: true; readonly plan: PipelinePlan };

/** Decides whether a pipeline runs for an event and, if it does, lays out its jobs. */
export function planPipeline(pipeline: Pipeline, event: TriggerEvent): PlanDecision {
  const decision = decideTrigger(pipeline.on, event);
  if (!decision.triggered) return { triggered: false, reason: decision.reason };
  // As in GitHub, the group may read only the event: it is decided before any secret is at hand.
  const context: ExpressionContext = { event: eventContext(event) };
  const concurrency =
    pipeline.concurrency === undefined
      ? undefined
      : {
          group: evaluateIn(pipeline, 'concurrency.group', () =>
            interpolate(pipeline.concurrency?.group ?? '', context),
          ),
          cancelInProgress: pipeline.concurrency.cancelInProgress,
        };
  return {
    triggered: true,
    plan: {
      pipeline,
      event,
      reason: decision.reason,
      concurrency,
      levels: topologicalLevels(pipeline.jobs),
    },
  };
}

/** The expression context every job of a plan starts from. */
export function planContext(plan: PipelinePlan): ExpressionContext {
  return { event: eventContext(plan.event) };
}

/** Evaluation errors at plan time name the file and field, like load-time ones. */
function evaluateIn(pipeline: Pipeline, field: string, evaluate: () => string): string {
  try {
    return evaluate();
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw new InputError(`${pipeline.file} ${field}: ${error.message}`, {
      hint: error.hint,
      cause: error,
    });
  }
}
