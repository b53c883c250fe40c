import {
  analysisRunSpecSchema,
  describeZodError,
  providerKindOf,
  validateMetrics,
  type AnalysisRunSpec,
  type Metric,
} from '../../config/index.js';
import { SlipwayError } from '../../errors/index.js';
import type { KubeObject, ObjectClient } from '../../kube/index.js';
import { argumentValues, resolveMetrics, type SecretReader } from './args.js';
import {
  assessMetric,
  isDryRun,
  isTerminating,
  planMeasurement,
  retentionLimit,
  runPhase,
  type MeasurementPlan,
} from './assess.js';
import { recordMeasurement } from './metric-result.js';
import {
  errorMeasurement,
  type MeasurementContext,
  type MetricProviders,
} from './providers/provider.js';
import {
  emptyMetricResult,
  isCompleted,
  type AnalysisRunStatus,
  type Measurement,
  type MetricResult,
} from './types.js';

// One reconcile of an AnalysisRun: read spec and status, take the measurements that are due,
// judge each metric and the run, and say when to look again. Writing the status is the caller's.

export type AnalysisDeps = {
  /** Reads Secrets for `valueFrom.secretKeyRef` arguments. */
  readonly client: Pick<ObjectClient, 'get'>;
  readonly providers: MetricProviders;
  readonly now: () => Date;
};

export type AnalysisStep = {
  readonly status: AnalysisRunStatus;
  /** When to reconcile again; undefined once the run has completed. */
  readonly requeueAfterMs: number | undefined;
};

/** How often to look at an in-flight measurement (a Job) when no watch event comes sooner. */
export const inFlightPollMs = 5_000;

type PreparedRun = {
  readonly run: KubeObject;
  readonly spec: AnalysisRunSpec;
  readonly metrics: readonly Metric[];
};

export async function reconcileAnalysisRun(
  run: KubeObject,
  deps: AnalysisDeps,
): Promise<AnalysisStep> {
  const previous = readStatus(run);
  if (isCompleted(previous.phase)) return { status: previous, requeueAfterMs: undefined };
  const now = deps.now();
  const startedAt = previous.startedAt ?? now.toISOString();
  let prepared: PreparedRun;
  try {
    prepared = await prepareRun(run, deps);
  } catch (error) {
    const message = `analysis spec invalid: ${error instanceof SlipwayError ? error.describe() : String(error)}`;
    return {
      status: { ...previous, phase: 'Error', message, startedAt, completedAt: now.toISOString() },
      requeueAfterMs: undefined,
    };
  }
  const results = await measureAndAssess(
    prepared,
    previous.metricResults,
    deps,
    new Date(startedAt),
  );
  return finish(prepared, results, startedAt, now);
}

function readStatus(run: KubeObject): AnalysisRunStatus {
  const status = (run['status'] ?? {}) as Partial<AnalysisRunStatus>;
  return { ...status, phase: status.phase ?? 'Pending', metricResults: status.metricResults ?? [] };
}

async function prepareRun(run: KubeObject, deps: AnalysisDeps): Promise<PreparedRun> {
  const where = `AnalysisRun ${run.metadata.namespace ?? ''}/${run.metadata.name} spec`;
  const parsed = analysisRunSpecSchema.safeParse(run['spec']);
  if (!parsed.success) throw describeZodError(parsed.error, where);
  const spec = parsed.data;
  const values = await argumentValues(
    spec.args ?? [],
    `${where}.args`,
    secretReader(deps.client, run.metadata.namespace),
  );
  const metrics = resolveMetrics(spec.metrics, values, `${where}`);
  validateMetrics(metrics, where);
  return { run, spec, metrics };
}

/** Reads a key of a Secret in `namespace`, decoded from base64. */
export function secretReader(
  client: Pick<ObjectClient, 'get'>,
  namespace: string | undefined,
): SecretReader {
  return async (name, key) => {
    const secret = await client.get({
      apiVersion: 'v1',
      kind: 'Secret',
      name,
      ...(namespace ? { namespace } : {}),
    });
    const data = (secret?.['data'] ?? {}) as Record<string, string>;
    const encoded = data[key];
    return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
  };
}

/**
 * Measures what is due and judges every metric. When a metric fails in this pass the run starts
 * terminating, so a second pass stops the other metrics' in-flight measurements at once.
 */
async function measureAndAssess(
  prepared: PreparedRun,
  previous: readonly MetricResult[],
  deps: AnalysisDeps,
  startedAt: Date,
): Promise<MetricResult[]> {
  let results = prepared.metrics.map((metric) => {
    const known =
      previous.find((result) => result.name === metric.name) ?? emptyMetricResult(metric.name);
    return isDryRun(metric.name, prepared.spec.dryRun) ? { ...known, dryRun: true } : known;
  });
  for (let pass = 0; pass < 2; pass += 1) {
    const terminatingBefore = isTerminating(prepared.spec.terminate, results);
    const now = deps.now();
    results = await Promise.all(
      prepared.metrics.map((metric, i) =>
        measureMetric(prepared, metric, results[i] ?? emptyMetricResult(metric.name), deps, {
          now,
          startedAt,
          terminating: terminatingBefore,
        }),
      ),
    );
    const terminating = isTerminating(prepared.spec.terminate, results);
    results = results.map((result, i) => judge(prepared.metrics[i], result, terminating));
    if (terminatingBefore || !isTerminating(prepared.spec.terminate, results)) break;
  }
  return results;
}

function judge(
  metric: Metric | undefined,
  result: MetricResult,
  terminating: boolean,
): MetricResult {
  if (metric === undefined) return result;
  const assessment = assessMetric(metric, result, terminating);
  const message =
    assessment.message ??
    (isCompleted(assessment.phase) ? result.measurements.at(-1)?.message : undefined);
  const judged: MetricResult = { ...result, phase: assessment.phase };
  if (message === undefined) delete judged.message;
  else judged.message = message;
  return judged;
}

async function measureMetric(
  prepared: PreparedRun,
  metric: Metric,
  result: MetricResult,
  deps: AnalysisDeps,
  context: { now: Date; startedAt: Date; terminating: boolean },
): Promise<MetricResult> {
  const plan = planMeasurement(metric, result, context);
  if (plan.action === 'wait' || plan.action === 'none') return result;
  const measurementContext: MeasurementContext = {
    run: prepared.run,
    metric,
    now: context.now,
    measurementNumber: result.count + result.error + 1,
  };
  const measurement = await takeMeasurement(
    plan.action,
    measurementContext,
    result.measurements.at(-1),
    deps,
  );
  return recordMeasurement(result, measurement, {
    replacesLast: plan.action !== 'start',
    keep: retentionLimit(metric.name, prepared.spec.measurementRetention),
    now: context.now,
  });
}

async function takeMeasurement(
  action: 'start' | 'resume' | 'terminate',
  context: MeasurementContext,
  last: Measurement | undefined,
  deps: AnalysisDeps,
): Promise<Measurement> {
  const kind = providerKindOf(context.metric, `metric "${context.metric.name}"`);
  const provider = deps.providers[kind];
  try {
    if (provider === undefined)
      throw new Error(`no ${kind} provider is configured in this controller`);
    if (action === 'start' || last === undefined) return await provider.start(context);
    return action === 'resume'
      ? await provider.resume(context, last)
      : await provider.terminate(context, last);
  } catch (error) {
    return errorMeasurement(context, error, action === 'start' ? undefined : last?.startedAt);
  }
}

function finish(
  prepared: PreparedRun,
  results: MetricResult[],
  startedAt: string,
  now: Date,
): AnalysisStep {
  const phase = runPhase(results);
  const base = { phase, startedAt, metricResults: results };
  if (isCompleted(phase)) {
    const message = runMessage(results, prepared.spec.terminate === true);
    return {
      status: {
        ...base,
        ...(message === undefined ? {} : { message }),
        completedAt: now.toISOString(),
      },
      requeueAfterMs: undefined,
    };
  }
  return {
    status: base,
    requeueAfterMs: nextReconcileMs(prepared, results, new Date(startedAt), now),
  };
}

function runMessage(results: readonly MetricResult[], terminated: boolean): string | undefined {
  const worst = results.find(
    (result) => result.dryRun !== true && result.phase === runPhase(results),
  );
  if (worst !== undefined && worst.phase !== 'Successful') {
    return `Metric "${worst.name}" assessed ${worst.phase}${worst.message ? ` due to ${worst.message}` : ''}`;
  }
  return terminated ? 'Run Terminated' : undefined;
}

function nextReconcileMs(
  prepared: PreparedRun,
  results: readonly MetricResult[],
  startedAt: Date,
  now: Date,
): number | undefined {
  const terminating = isTerminating(prepared.spec.terminate, results);
  const delays = prepared.metrics.map((metric, i) =>
    delayOf(
      planMeasurement(metric, results[i] ?? emptyMetricResult(metric.name), {
        now,
        startedAt,
        terminating,
      }),
      now,
    ),
  );
  const due = delays.filter((delay): delay is number => delay !== undefined);
  return due.length === 0 ? undefined : Math.max(0, Math.min(...due));
}

function delayOf(plan: MeasurementPlan, now: Date): number | undefined {
  switch (plan.action) {
    case 'wait':
      return plan.until.getTime() - now.getTime();
    case 'resume':
    case 'terminate':
      return inFlightPollMs;
    case 'start':
      return 0;
    case 'none':
      return undefined;
  }
}
