import type { ApiServerDeps } from '../api-deps.js';
import type { ApiRoutes } from '../api-route.js';
import { deliveryMetrics, type RunCommit } from '../delivery-metrics.js';
import { auditEntry, auditQuery, deliveryQuery } from '../schemas.js';
import type { RunRecord } from '../../../store/index.js';
import { z } from 'zod';

// The audit trail and the DORA delivery metrics.

/** The config commit a run's gitops-bump step pushed, if it pushed one. Pure. */
export function bumpedCommit(run: RunRecord): string | undefined {
  for (const job of run.summary.jobs) {
    for (const step of job.steps) {
      const commit = step.outputs['commit'];
      if (step.uses?.includes('gitops-bump') === true && commit !== undefined && commit !== '')
        return commit;
    }
  }
  return undefined;
}

export function addInsightRoutes(routes: ApiRoutes, deps: ApiServerDeps): void {
  routes.add({
    method: 'GET',
    url: '/api/audit',
    action: 'audit.list',
    summary: 'Who did what: all of it for admins, one ?project= for its viewers',
    query: auditQuery,
    response: z.object({ items: z.array(auditEntry) }),
    handler: async ({ query, principal, authorize, authorizeWhen }) => {
      // All projects need admin of '*' (as mayReadAudit says); one project needs read in it.
      if (query.project === undefined)
        await authorizeWhen(deps.policy.can(principal, 'admin', '*'), '*', 'Audit');
      else await authorize(query.project, `Audit of ${query.project}`);
      const items = await deps.audit.list({
        limit: query.limit,
        ...(query.project === undefined ? {} : { project: query.project }),
        ...(query.who === undefined ? {} : { who: query.who }),
        ...(query.before === undefined ? {} : { before: query.before }),
      });
      return { items };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/metrics/delivery',
    action: 'metrics.delivery',
    summary: 'Deployment frequency, lead time, change failure rate and time to restore over ?days=',
    query: deliveryQuery,
    handler: async ({ query, authorizeAny }) => {
      await authorizeAny('Delivery metrics');
      const now = new Date();
      const from = new Date(now.getTime() - query.days * 86_400_000).toISOString();
      const runs = await deps.runs.listRuns({ limit: 10_000 });
      const commits: RunCommit[] = runs
        .filter((r) => r.createdAt >= from)
        .map((r) => ({ createdAt: r.createdAt, commit: bumpedCommit(r) }));
      return deliveryMetrics(deps.delivery.since(from), commits, query.days, now);
    },
  });
}
