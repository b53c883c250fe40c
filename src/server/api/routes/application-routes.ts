import type { ApplicationObject, ApplicationStatus, HistoryEntry } from '../../../gitops/index.js';
import { applicationApiVersion } from '../../../kube/index.js';
import type { ApiServerDeps } from '../api-deps.js';
import { ApiError, notFound } from '../api-error.js';
import type { ApiRoutes } from '../api-route.js';
import { listQuerySchema, paginate, type SortKeys } from '../list-query.js';
import { appProject } from '../projects.js';
import {
  accepted,
  applicationSummary,
  applicationsQuery,
  kubeObject,
  objectParams,
  pageOf,
  rollbackBody,
  syncBody,
} from '../schemas.js';

export type ApplicationSummary = {
  namespace: string;
  name: string;
  project: string;
  repoURL: string | null;
  path: string | null;
  targetRevision: string | null;
  sync: string;
  health: string;
  revision: string | null;
  syncedAt: string | null;
  operation: string | null;
};

type SourceView = { repoURL?: string; path?: string; targetRevision?: string };

/** The list row of an Application. Pure. */
export function summarizeApp(app: ApplicationObject): ApplicationSummary {
  const source = (app.spec as { source?: SourceView } | undefined)?.source ?? {};
  const status = app.status ?? {};
  const last = (status.history ?? []).at(-1);
  return {
    namespace: app.metadata.namespace ?? 'default',
    name: app.metadata.name,
    project: appProject(app),
    repoURL: source.repoURL ?? null,
    path: source.path ?? null,
    targetRevision: source.targetRevision ?? null,
    ...statusSummary(status),
    syncedAt: status.operationState?.finishedAt ?? last?.deployedAt ?? null,
  };
}

function statusSummary(
  status: ApplicationStatus,
): Pick<ApplicationSummary, 'sync' | 'health' | 'revision' | 'operation'> {
  return {
    sync: status.sync?.status ?? 'Unknown',
    health: status.health?.status ?? 'Unknown',
    revision: status.sync?.revision ?? null,
    operation: status.operationState?.phase ?? null,
  };
}

const sortKeys: SortKeys<ApplicationSummary> = {
  name: (a) => `${a.namespace}/${a.name}`,
  syncedAt: (a) => a.syncedAt ?? '',
  sync: (a) => a.sync,
  health: (a) => a.health,
  project: (a) => a.project,
};

type AppFilter = {
  sync?: string | undefined;
  health?: string | undefined;
  project?: string | undefined;
  namespace?: string | undefined;
  q?: string | undefined;
};

/** The filters of GET /api/applications. Pure. */
export function matchesApp(a: ApplicationSummary, f: AppFilter): boolean {
  return (
    (f.sync === undefined || a.sync === f.sync) &&
    (f.health === undefined || a.health === f.health) &&
    (f.project === undefined || a.project === f.project) &&
    (f.namespace === undefined || a.namespace === f.namespace) &&
    (f.q === undefined || a.name.toLowerCase().includes(f.q.toLowerCase()))
  );
}

export function addApplicationRoutes(routes: ApiRoutes, deps: ApiServerDeps): void {
  const find = (namespace: string, name: string): ApplicationObject => {
    const app = deps.applications.get(namespace, name);
    if (app === undefined)
      throw notFound(
        `application "${name}" in namespace "${namespace}"`,
        'list them with GET /api/applications',
      );
    return app;
  };
  const target = (namespace: string, name: string): string => `Application ${namespace}/${name}`;
  const ref = (
    namespace: string,
    name: string,
  ): { apiVersion: string; kind: string; namespace: string; name: string } => ({
    apiVersion: applicationApiVersion,
    kind: 'Application',
    namespace,
    name,
  });

  routes.add({
    method: 'GET',
    url: '/api/applications',
    action: 'application.list',
    summary: 'Applications, filtered by sync, health, project, namespace and q (name substring)',
    query: listQuerySchema.merge(applicationsQuery),
    response: pageOf(applicationSummary),
    handler: async ({ query, authorizeAny, visible }) => {
      await authorizeAny('Applications');
      const rows = deps.applications
        .values()
        .map(summarizeApp)
        .filter((a) => visible(a.project) && matchesApp(a, query));
      return paginate(rows, query, sortKeys, 'name');
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/applications/:namespace/:name',
    action: 'application.get',
    summary: 'One Application: spec, status and its resource tree',
    params: objectParams,
    response: kubeObject,
    handler: async ({ params, authorize }) => {
      const app = find(params.namespace, params.name);
      await authorize(appProject(app), target(params.namespace, params.name));
      return { ...app, summary: summarizeApp(app), resources: app.status?.resources ?? [] };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/applications/:namespace/:name/diff',
    action: 'application.diff',
    summary: 'What a sync would change, as one unified diff per object',
    params: objectParams,
    handler: async ({ params, authorize }) => {
      const app = find(params.namespace, params.name);
      await authorize(appProject(app), target(params.namespace, params.name));
      if (deps.diff === undefined)
        throw new ApiError('unavailable', 'this server cannot compute diffs');
      const diffs = await deps.diff(app);
      return {
        diffs: diffs.map((diff) => ({
          ref: /^--- live (\S+)/m.exec(diff)?.[1] ?? /^--- (.*)$/m.exec(diff)?.[1] ?? '',
          diff,
        })),
      };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/applications/:namespace/:name/history',
    action: 'application.history',
    summary: "The Application's deployment history (status.history), newest first",
    params: objectParams,
    handler: async ({ params, authorize }) => {
      const app = find(params.namespace, params.name);
      await authorize(appProject(app), target(params.namespace, params.name));
      const history: HistoryEntry[] = [...(app.status?.history ?? [])].reverse();
      return { items: history };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/applications/:namespace/:name/sync',
    action: 'application.sync',
    summary: 'Ask the controller to sync now (sets operation.sync)',
    params: objectParams,
    body: syncBody,
    response: accepted,
    status: 202,
    handler: async ({ params, body, principal, authorize }) => {
      const app = find(params.namespace, params.name);
      await authorize(appProject(app), target(params.namespace, params.name));
      const sync = {
        prune: body.prune === true,
        ...(body.revision ? { revision: body.revision } : {}),
      };
      await deps.kube.mergePatch(ref(params.namespace, params.name), {
        operation: { sync, initiatedBy: { username: principal.user } },
      });
      return { accepted: true, message: 'sync requested' };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/applications/:namespace/:name/refresh',
    action: 'application.refresh',
    summary: 'Ask the controller to look at Git again now (refresh annotation)',
    params: objectParams,
    response: accepted,
    status: 202,
    handler: async ({ params, authorize }) => {
      const app = find(params.namespace, params.name);
      await authorize(appProject(app), target(params.namespace, params.name));
      await deps.kube.mergePatch(ref(params.namespace, params.name), {
        metadata: { annotations: { 'slipway.dev/refresh': 'normal' } },
      });
      return { accepted: true, message: 'refresh requested' };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/applications/:namespace/:name/rollback',
    action: 'application.rollback',
    summary: 'Deploy the revision of a history entry again (automated sync must be off)',
    params: objectParams,
    body: rollbackBody,
    response: accepted,
    status: 202,
    handler: async ({ params, body, principal, authorize }) => {
      const app = find(params.namespace, params.name);
      await authorize(appProject(app), target(params.namespace, params.name));
      const automated = (app.spec as { syncPolicy?: { automated?: unknown } } | undefined)
        ?.syncPolicy?.automated;
      if (automated !== undefined && automated !== null) {
        throw new ApiError(
          'conflict',
          `application "${params.name}" has automated sync on, which would undo a rollback at once`,
          {
            hint: 'remove spec.syncPolicy.automated first (as Argo CD requires), then roll back',
          },
        );
      }
      const history = app.status?.history ?? [];
      const entry = history.find((h) => h.id === body.id);
      if (entry === undefined) {
        throw new ApiError(
          'invalid_input',
          `application "${params.name}" has no history entry with id ${body.id}`,
          {
            hint: `choose one of: ${history.map((h) => h.id).join(', ') || '(none yet)'}`,
          },
        );
      }
      await deps.kube.mergePatch(ref(params.namespace, params.name), {
        operation: {
          sync: { revision: entry.revision, prune: true },
          initiatedBy: { username: principal.user },
        },
      });
      return {
        accepted: true,
        message: `rolling back to ${entry.revision.slice(0, 12)} (history ${entry.id})`,
      };
    },
  });
}
