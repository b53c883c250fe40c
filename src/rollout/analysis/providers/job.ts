import { createHash } from 'node:crypto';
import { InputError } from '../../../errors/index.js';
import type { KubeObject, ObjectClient, ObjectRef } from '../../../kube/index.js';
import type { Measurement } from '../types.js';
import { errorMeasurement, type MeasurementContext, type MetricProvider } from './provider.js';

// Job metrics: each measurement is a batch/v1 Job in the run's namespace, owned by the run;
// it succeeds or fails with the Job. Terminating the run deletes a Job still running.

export type JobClient = Pick<ObjectClient, 'apply' | 'get' | 'delete'>;

export const jobNameKey = 'job-name';
export const analysisRunLabel = 'slipway.dev/analysis-run-uid';
export const metricNameAnnotation = 'slipway.dev/metric-name';
// Pods get the Job's name as a label value, which Kubernetes caps at 63 characters.
const maxJobName = 63;

export function jobProvider(client: JobClient): MetricProvider {
  return {
    start: async (context) => {
      try {
        const job = await client.apply(jobFor(context));
        return {
          phase: 'Running',
          startedAt: context.now.toISOString(),
          metadata: { [jobNameKey]: job.metadata.name },
        };
      } catch (error) {
        return errorMeasurement(context, error);
      }
    },
    resume: async (context, measurement) => {
      try {
        const job = await client.get(jobRef(context, measurement));
        return job === undefined
          ? errorMeasurement(
              context,
              `Job "${jobRef(context, measurement).name}" was deleted before it finished`,
              measurement.startedAt,
            )
          : jobOutcome(job, measurement, context.now);
      } catch (error) {
        return errorMeasurement(context, error, measurement.startedAt);
      }
    },
    terminate: async (context, measurement) => {
      try {
        await client.delete(jobRef(context, measurement), 'Background');
        return {
          ...measurement,
          phase: 'Successful',
          message: 'metric terminated',
          finishedAt: context.now.toISOString(),
        };
      } catch (error) {
        return errorMeasurement(context, error, measurement.startedAt);
      }
    },
  };
}

/** The Job for one measurement: the metric's job spec, named and owned by the run. */
export function jobFor(context: MeasurementContext): KubeObject {
  const { run, metric } = context;
  const spec = metric.provider.job;
  if (spec === undefined) {
    throw new InputError(`metric "${metric.name}" has no provider.job`, {
      hint: 'give the metric a provider.job with a Job spec',
    });
  }
  const uid = run.metadata.uid;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(uid ?? run.metadata.name, metric.name, context.measurementNumber),
      ...(run.metadata.namespace === undefined ? {} : { namespace: run.metadata.namespace }),
      labels: {
        ...spec.metadata?.labels,
        ...(uid === undefined ? {} : { [analysisRunLabel]: uid }),
      },
      annotations: { ...spec.metadata?.annotations, [metricNameAnnotation]: metric.name },
      ...(uid === undefined
        ? {}
        : {
            ownerReferences: [
              {
                apiVersion: run.apiVersion,
                kind: run.kind,
                name: run.metadata.name,
                uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }),
    },
    spec: spec.spec,
  };
}

/**
 * `<run-uid-or-name>.<metric>.<n>` made a valid Kubernetes name: lowercase, only `a-z0-9.-`,
 * each part starting and ending with a letter or digit, and at most 63 characters (a hash of
 * the full name keeps long ones unique).
 */
export function jobName(run: string, metric: string, measurementNumber: number): string {
  const full = [run, metric, String(measurementNumber)].map(dnsLabel).join('.');
  if (full.length <= maxJobName) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, maxJobName - hash.length - 1).replace(/[^a-z0-9]+$/, '')}-${hash}`;
}

function dnsLabel(part: string): string {
  const label = part
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return label === '' ? 'x' : label;
}

function jobRef(context: MeasurementContext, measurement: Measurement): ObjectRef {
  const name = measurement.metadata?.[jobNameKey];
  if (name === undefined) {
    throw new Error(
      `measurement of metric "${context.metric.name}" does not record its Job's name`,
    );
  }
  const namespace = context.run.metadata.namespace;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    name,
    ...(namespace === undefined ? {} : { namespace }),
  };
}

type JobStatus = {
  conditions?: { type?: string; status?: string; message?: string }[];
  succeeded?: number;
};

/** Complete → Successful, Failed → Failed, otherwise still Running. */
export function jobOutcome(job: KubeObject, measurement: Measurement, now: Date): Measurement {
  const status = (job['status'] ?? {}) as JobStatus;
  const condition = (type: string): { message?: string } | undefined =>
    status.conditions?.find((c) => c.type === type && c.status === 'True');
  const failed = condition('Failed');
  if (failed) {
    return {
      ...measurement,
      phase: 'Failed',
      message: failed.message ?? 'the Job failed',
      finishedAt: now.toISOString(),
    };
  }
  if (condition('Complete')) {
    return { ...measurement, phase: 'Successful', finishedAt: now.toISOString() };
  }
  return measurement;
}
