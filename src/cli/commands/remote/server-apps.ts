import type { ApplicationObject, HistoryEntry } from '../../../gitops/index.js';
import type { CommandOutput } from '../../command.js';
import type { ServerClient } from '../../server-client.js';
import type { AppListRow } from '../app/app-list.js';
import { awaitRefresh } from '../app/app-refresh.js';
import { awaitSyncResult, syncAskedAt } from '../app/request-operation.js';
import { listAll, objectPath } from './server-lists.js';

// The app commands through the API (src/server/api/routes/application-routes.ts). Sync, refresh
// and rollback are asked for with a POST, then watched by reading the Application, as the
// direct path does.

type ApplicationSummary = {
  readonly namespace: string;
  readonly name: string;
  readonly repoURL: string | null;
  readonly sync: string;
  readonly health: string;
  readonly revision: string | null;
};

export type AppTarget = { readonly namespace: string; readonly name: string };

/** A row of GET /api/applications as `app list` shows it. Pure. */
export const appRowFromSummary = (a: ApplicationSummary): AppListRow => ({
  namespace: a.namespace,
  name: a.name,
  sync: a.sync,
  health: a.health,
  revision: a.revision ?? '',
  repoURL: a.repoURL ?? '',
});

export async function listApps(
  client: ServerClient,
  namespace: string | undefined,
): Promise<AppListRow[]> {
  const items = await listAll<ApplicationSummary>(client, '/api/applications', { namespace });
  return items.map(appRowFromSummary);
}

/** The Application itself; the answer's extra `summary` and `resources` are left beside it. */
export async function readApp(client: ServerClient, app: AppTarget): Promise<ApplicationObject> {
  return (
    await client.request<ApplicationObject>(
      'GET',
      objectPath('applications', app.namespace, app.name),
    )
  ).body;
}

/** Oldest first, as status.history and the direct path have it (the API answers newest first). */
export async function appHistory(client: ServerClient, app: AppTarget): Promise<HistoryEntry[]> {
  const answer = await client.request<{ items: HistoryEntry[] }>(
    'GET',
    objectPath('applications', app.namespace, app.name, 'history'),
  );
  return [...answer.body.items].reverse();
}

export async function appDiffs(client: ServerClient, app: AppTarget): Promise<string[]> {
  const answer = await client.request<{ diffs: { diff: string }[] }>(
    'GET',
    objectPath('applications', app.namespace, app.name, 'diff'),
  );
  return answer.body.diffs.map((d) => d.diff);
}

/** POSTs sync (or rollback) and waits for the controller's result, as `requestSync` does. */
export async function syncOnServer(
  client: ServerClient,
  app: AppTarget,
  request: { action: 'sync' | 'rollback'; body: Record<string, unknown> },
  timeoutMs: number,
  io: CommandOutput,
): Promise<number> {
  await readApp(client, app);
  const askedAt = syncAskedAt();
  await client.request(
    'POST',
    objectPath('applications', app.namespace, app.name, request.action),
    {
      body: request.body,
    },
  );
  return awaitSyncResult(() => readApp(client, app), askedAt, timeoutMs, io);
}

export async function refreshOnServer(
  client: ServerClient,
  app: AppTarget,
  io: CommandOutput,
): Promise<number> {
  const before = (await readApp(client, app)).status?.reconciledAt;
  await client.request('POST', objectPath('applications', app.namespace, app.name, 'refresh'));
  return awaitRefresh(() => readApp(client, app), app.name, before, io);
}
