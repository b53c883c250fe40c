import type { HistoryEntry } from '../../../gitops/index.js';
import type { Command } from '../../command.js';
import {
  appHistory,
  onServer,
  serverNamespace,
  serverTarget,
  targetOptions,
} from '../remote/index.js';
import { appContext, appName, getApp, namespaceOptions, table } from './app-context.js';

const usage = 'slipway app history NAME [-n NAMESPACE]';

export const appHistoryCommand: Command = {
  path: ['app', 'history'],
  summary: 'list the revisions an Application deployed, newest last, with the IDs rollback takes',
  usage,
  options: { ...namespaceOptions, ...targetOptions },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const server = serverTarget(values);
    if (server) {
      const target = { namespace: serverNamespace(values), name: positionals[0] ?? '' };
      return onServer(io, async () => {
        io.out(historyTable(await appHistory(server, target)));
        return 0;
      });
    }
    const ctx = await appContext(values);
    const app = await getApp(ctx, appName(positionals, usage));
    io.out(historyTable(app.status?.history ?? []));
    return 0;
  },
};

/** Oldest first. Pure. */
export function historyTable(history: readonly HistoryEntry[]): string {
  const rows = history.map((h) => [String(h.id), h.deployedAt, h.revision]);
  return table([['ID', 'DEPLOYED AT', 'REVISION'], ...rows]);
}
