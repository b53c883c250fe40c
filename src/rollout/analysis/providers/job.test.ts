import { describe, expect, it } from 'vitest';
import type { KubeObject, ObjectRef } from '../../../kube/index.js';
import { jobFor, jobName, jobOutcome, jobProvider, type JobClient } from './job.js';
import type { MeasurementContext } from './provider.js';

/** An in-memory stand-in for the API server's Jobs, for these unit tests only. */
class FakeJobs implements JobClient {
  readonly jobs = new Map<string, KubeObject>();
  failWith: Error | undefined;

  apply(object: KubeObject): Promise<KubeObject> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.jobs.set(object.metadata.name, object);
    return Promise.resolve(object);
  }
  get(ref: ObjectRef): Promise<KubeObject | undefined> {
    return Promise.resolve(this.jobs.get(ref.name));
  }
  delete(ref: ObjectRef): Promise<boolean> {
    return Promise.resolve(this.jobs.delete(ref.name));
  }
  setStatus(name: string, type: string, message?: string): void {
    const job = this.jobs.get(name);
    if (job)
      job['status'] = { conditions: [{ type, status: 'True', ...(message ? { message } : {}) }] };
  }
}

const now = new Date('2024-05-01T10:00:00Z');
const later = new Date('2024-05-01T10:01:00Z');
const run: KubeObject = {
  apiVersion: 'slipway.dev/v1alpha1',
  kind: 'AnalysisRun',
  metadata: { name: 'web-abc-2', namespace: 'prod', uid: '5f0c7a7e-1b2c-4d5e-8f90-123456789abc' },
};
const jobSpec = {
  template: { spec: { restartPolicy: 'Never', containers: [{ name: 'check', image: 'busybox' }] } },
};
const context = (at = now): MeasurementContext => ({
  run,
  metric: {
    name: 'smoke',
    provider: { job: { metadata: { labels: { team: 'web' } }, spec: jobSpec } },
  },
  now: at,
  measurementNumber: 2,
});

describe('jobName', () => {
  it('is <run>.<metric>.<n>', () => {
    expect(jobName('5f0c7a7e-1b2c-4d5e-8f90-123456789abc', 'smoke', 2)).toBe(
      '5f0c7a7e-1b2c-4d5e-8f90-123456789abc.smoke.2',
    );
  });

  it('makes any name RFC 1123-safe', () => {
    expect(jobName('Run_1', 'Error.Rate!', 1)).toBe('run-1.error-rate.1');
    expect(jobName('r', '---', 1)).toBe('r.x.1');
  });

  it('shortens long names to 63 characters, keeping them distinct', () => {
    const a = jobName(
      '5f0c7a7e-1b2c-4d5e-8f90-123456789abc',
      'a-very-long-metric-name-for-latency',
      1,
    );
    const b = jobName(
      '5f0c7a7e-1b2c-4d5e-8f90-123456789abc',
      'a-very-long-metric-name-for-latency',
      2,
    );
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).toMatch(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/);
    expect(a).not.toBe(b);
  });
});

describe('jobFor', () => {
  it('builds a Job in the run namespace, owned by the run', () => {
    const job = jobFor(context());
    expect(job).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: '5f0c7a7e-1b2c-4d5e-8f90-123456789abc.smoke.2',
        namespace: 'prod',
        labels: { team: 'web', 'slipway.dev/analysis-run-uid': run.metadata.uid },
        annotations: { 'slipway.dev/metric-name': 'smoke' },
        ownerReferences: [
          { kind: 'AnalysisRun', name: 'web-abc-2', uid: run.metadata.uid, controller: true },
        ],
      },
      spec: jobSpec,
    });
  });
});

describe('jobProvider', () => {
  it('creates the Job, then follows it to success', async () => {
    const jobs = new FakeJobs();
    const provider = jobProvider(jobs);
    const started = await provider.start(context());
    expect(started).toEqual({
      phase: 'Running',
      startedAt: now.toISOString(),
      metadata: { 'job-name': '5f0c7a7e-1b2c-4d5e-8f90-123456789abc.smoke.2' },
    });
    expect(await provider.resume(context(later), started)).toEqual(started);
    jobs.setStatus('5f0c7a7e-1b2c-4d5e-8f90-123456789abc.smoke.2', 'Complete');
    expect(await provider.resume(context(later), started)).toMatchObject({
      phase: 'Successful',
      finishedAt: later.toISOString(),
    });
  });

  it('reports a failed Job as Failed with its message', async () => {
    const jobs = new FakeJobs();
    const provider = jobProvider(jobs);
    const started = await provider.start(context());
    jobs.setStatus(
      '5f0c7a7e-1b2c-4d5e-8f90-123456789abc.smoke.2',
      'Failed',
      'BackoffLimitExceeded',
    );
    expect(await provider.resume(context(later), started)).toMatchObject({
      phase: 'Failed',
      message: 'BackoffLimitExceeded',
    });
  });

  it('reports a Job deleted underneath it as an Error', async () => {
    const jobs = new FakeJobs();
    const provider = jobProvider(jobs);
    const started = await provider.start(context());
    jobs.jobs.clear();
    expect(await provider.resume(context(later), started)).toMatchObject({
      phase: 'Error',
      message: 'Job "5f0c7a7e-1b2c-4d5e-8f90-123456789abc.smoke.2" was deleted before it finished',
    });
  });

  it('deletes the Job when the run terminates', async () => {
    const jobs = new FakeJobs();
    const provider = jobProvider(jobs);
    const started = await provider.start(context());
    const terminated = await provider.terminate(context(later), started);
    expect(terminated).toMatchObject({ phase: 'Successful', message: 'metric terminated' });
    expect(jobs.jobs.size).toBe(0);
  });

  it('reports a refused create as an Error', async () => {
    const jobs = new FakeJobs();
    jobs.failWith = new Error('jobs.batch is forbidden');
    expect(await jobProvider(jobs).start(context())).toMatchObject({
      phase: 'Error',
      message: 'jobs.batch is forbidden',
    });
  });
});

describe('jobOutcome', () => {
  it('keeps a Job without a final condition Running', () => {
    const measurement = { phase: 'Running' as const, startedAt: now.toISOString() };
    const job = { ...jobFor(context()), status: { active: 1 } };
    expect(jobOutcome(job, measurement, later)).toBe(measurement);
  });
});
