import type { LogEntry, RunRecord } from '../../../store/index.js';
import type { ServerClient } from '../../server-client.js';
import type { RunListRow } from '../pipeline/pipeline-list.js';
import { listAll } from './server-lists.js';

// The pipeline commands through the API (src/server/api/routes/run-routes.ts).

const runPath = (id: string, rest = ''): string =>
  `/api/runs/${encodeURIComponent(id)}${rest === '' ? '' : `/${rest}`}`;

export async function listRuns(
  client: ServerClient,
  filter: { pipeline: string | undefined; status: string | undefined; limit: number },
): Promise<RunListRow[]> {
  const { pipeline, status, limit } = filter;
  return listAll<RunListRow>(client, '/api/runs', { pipeline, status }, limit);
}

export async function readRun(client: ServerClient, id: string): Promise<RunRecord> {
  return (await client.request<RunRecord>('GET', runPath(id))).body;
}

export async function runLogs(
  client: ServerClient,
  id: string,
  after: number,
): Promise<readonly LogEntry[]> {
  const answer = await client.request<{ lines: LogEntry[] }>(
    'GET',
    `${runPath(id, 'logs')}?after=${after}`,
  );
  return answer.body.lines;
}

export async function cancelRun(client: ServerClient, id: string): Promise<void> {
  await client.request('POST', runPath(id, 'cancel'));
}

/** The new run's id. */
export async function rerunOnServer(client: ServerClient, id: string): Promise<string> {
  return (await client.request<{ run: string }>('POST', runPath(id, 'rerun'))).body.run;
}
