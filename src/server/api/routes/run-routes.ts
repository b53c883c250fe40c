import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { finishedRunStatuses, type RunRecord } from '../../../store/index.js';
import type { ApiServerDeps } from '../api-deps.js';
import { ApiError, notFound } from '../api-error.js';
import type { ApiRoutes } from '../api-route.js';
import { listQuerySchema, paginate, type SortKeys } from '../list-query.js';
import {
  accepted,
  artifactParams,
  idParams,
  logLine,
  logsQuery,
  pageOf,
  pipelineSummary,
  runSummary,
  runsQuery,
} from '../schemas.js';

// Pipeline runs from the store. A pipeline's project is `default` (no repository registry names
// a project yet), so every run is checked against `default`.

export const pipelineProject = (_run: RunRecord): string => 'default';

export type RunSummary = {
  id: string;
  pipeline: string;
  repo: string;
  status: string;
  event: { kind: string; ref: string; sha: string };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  failures: string[];
};

export function summarizeRun(run: RunRecord): RunSummary {
  return {
    id: run.id,
    pipeline: run.pipeline,
    repo: run.repo,
    status: run.status,
    event: run.event,
    createdAt: run.createdAt,
    startedAt: run.startedAt ?? null,
    finishedAt: run.finishedAt ?? null,
    failures: run.summary.failures,
  };
}

const sortKeys: SortKeys<RunSummary> = {
  createdAt: (r) => r.createdAt,
  pipeline: (r) => r.pipeline,
  status: (r) => r.status,
};

/** How many runs a list looks at; the store answers newest first. */
const scanLimit = 10_000;

export function addRunRoutes(routes: ApiRoutes, deps: ApiServerDeps): void {
  const find = async (id: string): Promise<RunRecord> => {
    const run = await deps.runs.getRun(id);
    if (run === undefined) throw notFound(`pipeline run "${id}"`, 'list them with GET /api/runs');
    return run;
  };

  routes.add({
    method: 'GET',
    url: '/api/pipelines',
    action: 'pipeline.list',
    summary: 'Pipelines seen: name, repository and last run',
    query: listQuerySchema,
    response: pageOf(pipelineSummary),
    handler: async ({ query, authorizeAny, visible }) => {
      await authorizeAny('Pipelines');
      const latest = new Map<string, RunRecord>();
      for (const run of await deps.runs.listRuns({ limit: scanLimit })) {
        const key = `${run.repo}\0${run.pipeline}`;
        const known = latest.get(key);
        if (known === undefined || known.createdAt < run.createdAt) latest.set(key, run);
      }
      const rows = [...latest.values()]
        .filter((run) => visible(pipelineProject(run)))
        .map((run) => ({
          name: run.pipeline,
          repo: run.repo,
          project: pipelineProject(run),
          lastRun: summarizeRun(run),
        }));
      return paginate(
        rows,
        query,
        { name: (p) => p.name, repo: (p) => p.repo, lastRun: (p) => p.lastRun.createdAt },
        'name',
      );
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/runs',
    action: 'run.list',
    summary: 'Pipeline runs, newest first, filtered by pipeline, status and repo',
    query: listQuerySchema.merge(runsQuery),
    response: pageOf(runSummary),
    handler: async ({ query, authorizeAny, visible }) => {
      await authorizeAny('Runs');
      const runs = await deps.runs.listRuns({
        limit: scanLimit,
        ...(query.pipeline === undefined ? {} : { pipeline: query.pipeline }),
        ...(query.repo === undefined ? {} : { repo: query.repo }),
        ...(query.status === undefined ? {} : { status: [query.status] }),
      });
      const rows = runs.filter((run) => visible(pipelineProject(run))).map(summarizeRun);
      return paginate(rows, query, sortKeys, '-createdAt');
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/runs/:id',
    action: 'run.get',
    summary: 'One run with its jobs, steps and failing gates',
    params: idParams,
    handler: async ({ params, authorize }) => {
      const run = await find(params.id);
      await authorize(pipelineProject(run), `Run ${run.id}`);
      return run;
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/runs/:id/logs',
    action: 'run.logs',
    summary: 'Log lines after ?after=seq',
    params: idParams,
    query: logsQuery,
    handler: async ({ params, query, authorize }) => {
      const run = await find(params.id);
      await authorize(pipelineProject(run), `Run ${run.id}`);
      const lines = await deps.runs.logs(run.id, query.after, query.limit);
      return { lines: lines.map((l) => logLine.parse(l)) };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/runs/:id/cancel',
    action: 'run.cancel',
    summary: 'Ask a running run to stop',
    params: idParams,
    response: accepted,
    status: 202,
    handler: async ({ params, authorize }) => {
      const run = await find(params.id);
      await authorize(pipelineProject(run), `Run ${run.id}`);
      if (finishedRunStatuses.includes(run.status))
        throw new ApiError('conflict', `run ${run.id} already ${run.status}`);
      await deps.runs.requestCancel(run.id);
      return { accepted: true, message: 'cancel requested' };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/runs/:id/rerun',
    action: 'run.rerun',
    summary: 'Run the pipeline again for the same event and commit, as a new run',
    params: idParams,
    status: 202,
    handler: async ({ params, authorize }) => {
      const run = await find(params.id);
      await authorize(pipelineProject(run), `Run ${run.id}`);
      if (deps.rerun === undefined) {
        throw new ApiError('unavailable', 'this server runs no pipelines', {
          hint: 'start `slipway up` with --pipeline-repos FILE, or use `slipway pipeline rerun`',
        });
      }
      return { accepted: true, message: 'rerun started', run: await deps.rerun(run) };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/runs/:id/artifacts/:name',
    action: 'run.artifact',
    summary: 'Download an artifact a step published',
    params: artifactParams,
    raw: true,
    handler: async ({ params, authorize, reply }) => {
      const run = await find(params.id);
      await authorize(pipelineProject(run), `Run ${run.id}`);
      const artifact = run.summary.jobs
        .flatMap((j) => j.steps.flatMap((s) => s.artifacts ?? []))
        .find((a) => a.name === params.name);
      if (artifact === undefined) throw notFound(`artifact "${params.name}" of run ${run.id}`);
      const info = await stat(artifact.path).catch(() => undefined);
      if (info === undefined || !info.isFile())
        throw new ApiError(
          'not_found',
          `artifact "${params.name}" is no longer on disk (${artifact.path})`,
        );
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', info.size)
        .header(
          'content-disposition',
          `attachment; filename="${basename(artifact.path).replace(/"/g, '')}"`,
        )
        .send(createReadStream(artifact.path));
    },
  });
}
