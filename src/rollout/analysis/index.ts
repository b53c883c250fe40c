// The analysis half of progressive delivery: AnalysisRuns that measure metrics (Prometheus, web,
// Jobs), judge them with Argo's success/failure conditions and limits, and decide the run's phase.
// Argo Rollouts-compatible; schemas live in src/config/analysis.ts.
export { reconcileAnalysisRun, secretReader, inFlightPollMs } from './run-analysis.js';
export type { AnalysisDeps, AnalysisStep } from './run-analysis.js';
export {
  assessMetric,
  isDryRun,
  isTerminating,
  measurementFromValue,
  metricLimits,
  planMeasurement,
  retentionLimit,
  runPhase,
} from './assess.js';
export type { Assessment, MeasurementPlan, MetricLimits, PlanContext } from './assess.js';
export {
  argumentValues,
  mergeArgs,
  mergeTemplates,
  resolveMetrics,
  substituteArgs,
} from './args.js';
export type { NamedTemplate, SecretReader } from './args.js';
export { ConditionError, evaluateCondition, evaluateExpression } from './condition.js';
export { recordMeasurement } from './metric-result.js';
export { analysisPhase, emptyMetricResult, isCompleted } from './types.js';
export type {
  AnalysisPhase,
  AnalysisRunStatus,
  CompletedPhase,
  Measurement,
  MetricResult,
} from './types.js';
export { prometheusProvider, queryPrometheus } from './providers/prometheus.js';
export { webProvider, fetchWebMetric } from './providers/web.js';
export { jobProvider, jobFor, jobName, jobOutcome } from './providers/job.js';
export type { JobClient } from './providers/job.js';
export { formatValue } from './providers/provider.js';
export type { MeasurementContext, MetricProvider, MetricProviders } from './providers/provider.js';
