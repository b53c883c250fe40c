import type { ReactElement } from 'react';
import { matchPath, type PathParams } from './router/match-path';
import { ApplicationPage } from './pages/application-page';
import { ApplicationsPage } from './pages/applications-page';
import { AuditPage } from './pages/audit-page';
import { MetricsPage } from './pages/metrics-page';
import { NotFoundPage } from './pages/not-found-page';
import { PreviewsPage } from './pages/previews-page';
import { RolloutPage } from './pages/rollout-page';
import { RolloutsPage } from './pages/rollouts-page';
import { RunPage } from './pages/run-page';
import { RunsPage } from './pages/runs-page';

// The pages and the paths they answer; the first match wins.

type Route = { readonly path: string; readonly render: (params: PathParams) => ReactElement };

const param = (params: PathParams, name: string): string => params[name] ?? '';

export const routes: readonly Route[] = [
  { path: '/applications', render: () => <ApplicationsPage /> },
  {
    path: '/applications/:namespace/:name',
    render: (p) => (
      <ApplicationPage
        key={`${param(p, 'namespace')}/${param(p, 'name')}`}
        namespace={param(p, 'namespace')}
        name={param(p, 'name')}
      />
    ),
  },
  { path: '/rollouts', render: () => <RolloutsPage /> },
  {
    path: '/rollouts/:namespace/:name',
    render: (p) => (
      <RolloutPage
        key={`${param(p, 'namespace')}/${param(p, 'name')}`}
        namespace={param(p, 'namespace')}
        name={param(p, 'name')}
      />
    ),
  },
  { path: '/runs', render: () => <RunsPage /> },
  { path: '/runs/:id', render: (p) => <RunPage key={param(p, 'id')} id={param(p, 'id')} /> },
  { path: '/previews', render: () => <PreviewsPage /> },
  { path: '/metrics', render: () => <MetricsPage /> },
  { path: '/audit', render: () => <AuditPage /> },
];

export function renderRoute(path: string): ReactElement {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params !== undefined) return route.render(params);
  }
  return <NotFoundPage path={path} />;
}
