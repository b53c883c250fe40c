import { request, withQuery } from './http';
import {
  applicationRow,
  normalizeDeliveryMetrics,
  normalizeRolloutSnapshot,
  pageOf,
  rolloutRow,
} from './normalize';
import type {
  Accepted,
  Application,
  ApplicationRow,
  ApplicationQuery,
  AuditEvent,
  DeliveryMetrics,
  HistoryEntry,
  LogLine,
  Page,
  PipelineSummary,
  Preview,
  ResourceDiff,
  RolloutRow,
  RolloutSnapshot,
  RunQuery,
  RunRecord,
  Session,
  SignInProvider,
} from './types';

// One function per route of docs/api.md that the UI uses.

const enc = encodeURIComponent;
const appPath = (namespace: string, name: string): string =>
  `/api/applications/${enc(namespace)}/${enc(name)}`;
const rolloutPath = (namespace: string, name: string): string =>
  `/api/rollouts/${enc(namespace)}/${enc(name)}`;
const runPath = (id: string): string => `/api/runs/${enc(id)}`;

type Signal = { readonly signal?: AbortSignal };

export const getSession = (): Promise<Session> => request<Session>('/api/session');

export const signIn = (username: string, password: string): Promise<Session> =>
  request<Session>('/api/session', {
    method: 'POST',
    body: { username, password },
    quietUnauthenticated: true,
  });

/** The IdPs one may sign in with (none unless `slipway up --oidc-config`); public. */
export const listSignInProviders = (options: Signal = {}): Promise<SignInProvider[]> =>
  request<SignInProvider[]>('/api/session/providers', { quietUnauthenticated: true, ...options });

export const signOut = (): Promise<void> =>
  request<void>('/api/session', { method: 'DELETE', quietUnauthenticated: true });

export const listApplications = async (
  query: ApplicationQuery,
  options: Signal = {},
): Promise<Page<ApplicationRow>> => {
  const page = pageOf(await request<unknown>(withQuery('/api/applications', query), options));
  return { ...page, items: page.items.map(applicationRow) };
};

export const getApplication = (
  namespace: string,
  name: string,
  options: Signal = {},
): Promise<Application> => request<Application>(appPath(namespace, name), options);

export const getApplicationDiff = async (
  namespace: string,
  name: string,
  options: Signal = {},
): Promise<readonly ResourceDiff[]> =>
  (await request<{ diffs?: ResourceDiff[] }>(`${appPath(namespace, name)}/diff`, options)).diffs ??
  [];

export const getApplicationHistory = async (
  namespace: string,
  name: string,
  options: Signal = {},
): Promise<readonly HistoryEntry[]> =>
  pageOf<HistoryEntry>(await request<unknown>(`${appPath(namespace, name)}/history`, options))
    .items;

export const syncApplication = (
  namespace: string,
  name: string,
  body: { revision?: string; prune?: boolean },
): Promise<Accepted> =>
  request<Accepted>(`${appPath(namespace, name)}/sync`, { method: 'POST', body });

export const refreshApplication = (namespace: string, name: string): Promise<Accepted> =>
  request<Accepted>(`${appPath(namespace, name)}/refresh`, { method: 'POST', body: {} });

export const rollbackApplication = (
  namespace: string,
  name: string,
  id: number,
): Promise<Accepted> =>
  request<Accepted>(`${appPath(namespace, name)}/rollback`, { method: 'POST', body: { id } });

export const listRollouts = async (
  query: { limit?: number; cursor?: string } = {},
  options: Signal = {},
): Promise<Page<RolloutRow>> => {
  const page = pageOf(await request<unknown>(withQuery('/api/rollouts', query), options));
  return { ...page, items: page.items.map(rolloutRow) };
};

export const getRollout = async (
  namespace: string,
  name: string,
  options: Signal = {},
): Promise<RolloutSnapshot> =>
  normalizeRolloutSnapshot(await request<unknown>(rolloutPath(namespace, name), options));

export type RolloutAction = 'promote' | 'abort' | 'retry';

export const rolloutAction = (
  namespace: string,
  name: string,
  action: RolloutAction,
  body: { full?: boolean } = {},
): Promise<Accepted> =>
  request<Accepted>(`${rolloutPath(namespace, name)}/${action}`, { method: 'POST', body });

export const listPipelines = async (options: Signal = {}): Promise<Page<PipelineSummary>> =>
  pageOf(await request<unknown>('/api/pipelines', options));

export const listRuns = async (query: RunQuery, options: Signal = {}): Promise<Page<RunRecord>> =>
  pageOf(await request<unknown>(withQuery('/api/runs', query), options));

export const getRun = (id: string, options: Signal = {}): Promise<RunRecord> =>
  request<RunRecord>(runPath(id), options);

export const getRunLogs = async (
  id: string,
  after: number,
  options: Signal = {},
): Promise<readonly LogLine[]> =>
  (await request<{ lines?: LogLine[] }>(withQuery(`${runPath(id)}/logs`, { after }), options))
    .lines ?? [];

export const runAction = (id: string, action: 'cancel' | 'rerun'): Promise<Accepted> =>
  request<Accepted>(`${runPath(id)}/${action}`, { method: 'POST', body: {} });

export const listPreviews = async (options: Signal = {}): Promise<readonly Preview[]> =>
  (await request<{ items?: Preview[] }>('/api/previews', options)).items ?? [];

export const deletePreview = (app: string, pr: number): Promise<Accepted> =>
  request<Accepted>(`/api/previews/${enc(app)}/${pr}`, { method: 'DELETE' });

export const artifactUrl = (runId: string, name: string): string =>
  `${runPath(runId)}/artifacts/${enc(name)}`;

export const listAudit = async (
  query: { limit?: number; cursor?: string; before?: string },
  options: Signal = {},
): Promise<Page<AuditEvent>> =>
  pageOf(await request<unknown>(withQuery('/api/audit', query), options));

export const getDeliveryMetrics = async (
  days: number,
  options: Signal = {},
): Promise<DeliveryMetrics> =>
  normalizeDeliveryMetrics(
    await request<unknown>(withQuery('/api/metrics/delivery', { days }), options),
    days,
  );
