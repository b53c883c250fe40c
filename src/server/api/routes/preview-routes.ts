import { z } from 'zod';
import type { PreviewManager, PreviewRecord } from '../../../preview/index.js';
import type { ApiServerDeps } from '../api-deps.js';
import { ApiError, notFound } from '../api-error.js';
import type { ApiRoutes } from '../api-route.js';
import { accepted } from '../schemas.js';

// Preview environments of pull requests: listed for anyone who may read their project, deleted
// by hand by a deployer. The deletion runs in the background (it waits for the namespace to go).

export type PreviewRoutesDeps = {
  readonly manager: Pick<PreviewManager, 'list' | 'deletePreview'>;
  /** The project a preview of `app` belongs to, for the role checks. */
  readonly projectOf: (app: string) => string;
};

export const previewSummary = z.object({
  pr: z.number().int(),
  app: z.string(),
  project: z.string(),
  namespace: z.string(),
  repo: z.string(),
  branch: z.string().nullable(),
  sha: z.string(),
  image: z.string(),
  url: z.string().nullable(),
  status: z.string(),
  message: z.string().nullable(),
  updatedAt: z.string(),
  expiresAt: z.string(),
});
export type PreviewSummary = z.infer<typeof previewSummary>;

const previewParams = z.object({
  app: z.string().min(1),
  pr: z.coerce.number().int().positive(),
});

export function summarizePreview(record: PreviewRecord, project: string): PreviewSummary {
  return {
    pr: record.pr,
    app: record.app,
    project,
    namespace: record.namespace,
    repo: record.repo,
    branch: record.branch ?? null,
    sha: record.sha,
    image: record.image,
    url: record.url ?? null,
    status: record.status,
    message: record.message ?? null,
    updatedAt: record.updatedAt,
    expiresAt: record.expiresAt,
  };
}

const previewsOff = (): ApiError =>
  new ApiError('unavailable', 'previews are off in this server', {
    hint: 'start it with `slipway up`',
  });

export function addPreviewRoutes(routes: ApiRoutes, deps: ApiServerDeps): void {
  routes.add({
    method: 'GET',
    url: '/api/previews',
    action: 'preview.list',
    summary: 'Preview environments of pull requests (all but the deleted), oldest first',
    response: z.object({ items: z.array(previewSummary) }),
    handler: async ({ authorizeAny, visible }) => {
      await authorizeAny('Previews');
      const previews = deps.previews;
      if (previews === undefined) return { items: [] };
      const items = previews.manager
        .list()
        .map((record) => summarizePreview(record, previews.projectOf(record.app)))
        .filter((preview) => visible(preview.project));
      return { items };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/previews/:app/:pr',
    action: 'preview.delete',
    summary: 'Delete a preview: its Application, namespace and image tags',
    params: previewParams,
    response: accepted,
    status: 202,
    handler: async ({ params, principal, authorize }) => {
      const previews = deps.previews;
      if (previews === undefined) throw previewsOff();
      const target = `preview ${params.app} #${params.pr}`;
      await authorize(previews.projectOf(params.app), target);
      const record = previews.manager.list({ app: params.app, pr: params.pr })[0];
      if (record === undefined) {
        throw notFound(
          `preview of ${params.app} for pull request #${params.pr}`,
          'list them with GET /api/previews',
        );
      }
      void previews.manager
        .deletePreview(params.app, params.pr, `deleted by ${principal.user}`, record.repo)
        .catch((error: unknown) =>
          deps.log.error({ err: error, target }, 'preview deletion failed'),
        );
      return { accepted: true, message: `deleting ${target} (namespace ${record.namespace})` };
    },
  });
}
