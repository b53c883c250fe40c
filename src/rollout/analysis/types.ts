// The AnalysisRun status, field-compatible with Argo Rollouts' (phases, metricResults, measurements).

export const analysisPhase = {
  Pending: 'Pending',
  Running: 'Running',
  Successful: 'Successful',
  Failed: 'Failed',
  Inconclusive: 'Inconclusive',
  Error: 'Error',
} as const;
export type AnalysisPhase = (typeof analysisPhase)[keyof typeof analysisPhase];

/** A phase a measurement or metric ends in. */
export type CompletedPhase = 'Successful' | 'Failed' | 'Inconclusive' | 'Error';

export const isCompleted = (phase: AnalysisPhase | undefined): phase is CompletedPhase =>
  phase === 'Successful' || phase === 'Failed' || phase === 'Inconclusive' || phase === 'Error';

/** One measurement of one metric; `finishedAt` is absent while it is in flight (a Job). */
export type Measurement = {
  phase: AnalysisPhase;
  /** The value as text, as Argo stores it (`0.98`, `[1,2]`, `{"ok":true}`). */
  value?: string;
  message?: string;
  startedAt: string;
  finishedAt?: string;
  /** Do not resume an in-flight measurement before this time. */
  resumeAt?: string;
  /** Provider bookkeeping, e.g. the Job's name. */
  metadata?: Record<string, string>;
};

export type MetricResult = {
  name: string;
  phase: AnalysisPhase;
  message?: string;
  measurements: Measurement[];
  /** Completed measurements that were not errors (Argo's `count`). */
  count: number;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  consecutiveError: number;
  dryRun?: boolean;
};

export type AnalysisRunStatus = {
  phase: AnalysisPhase;
  message?: string;
  startedAt?: string;
  completedAt?: string;
  metricResults: MetricResult[];
};

export const emptyMetricResult = (name: string): MetricResult => ({
  name,
  phase: 'Pending',
  measurements: [],
  count: 0,
  successful: 0,
  failed: 0,
  inconclusive: 0,
  error: 0,
  consecutiveError: 0,
});
