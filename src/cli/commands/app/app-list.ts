import { applicationApiVersion } from '../../../kube/index.js';
import type { ApplicationObject } from '../../../gitops/index.js';
import type { Command } from '../../command.js';
import {
  listApps,
  onServer,
  serverNamespace,
  serverTarget,
  targetOptions,
} from '../remote/index.js';
import { appContext, namespaceOptions, table } from './app-context.js';

/** What an `app list` row shows; from an Application or the server's summary of one. */
export type AppListRow = {
  readonly namespace: string;
  readonly name: string;
  readonly sync: string;
  readonly health: string;
  readonly revision: string;
  readonly repoURL: string;
};

export const appListRow = (a: ApplicationObject): AppListRow => ({
  namespace: a.metadata.namespace ?? '',
  name: a.metadata.name,
  sync: a.status?.sync?.status ?? 'Unknown',
  health: a.status?.health?.status ?? 'Unknown',
  revision: a.status?.sync?.revision ?? '',
  repoURL: (a.spec as { source?: { repoURL?: string } } | undefined)?.source?.repoURL ?? '',
});

/** Pure. */
export function appListTable(rows: readonly AppListRow[]): string {
  return table([
    ['NAMESPACE', 'NAME', 'SYNC', 'HEALTH', 'REVISION', 'REPO'],
    ...rows.map((r) => [r.namespace, r.name, r.sync, r.health, r.revision.slice(0, 12), r.repoURL]),
  ]);
}

export const appListCommand: Command = {
  path: ['app', 'list'],
  summary: 'list Applications with their sync and health status',
  usage: 'slipway app list [-n NAMESPACE | -A] [--local | --server URL]',
  options: {
    ...namespaceOptions,
    ...targetOptions,
    'all-namespaces': { type: 'boolean', short: 'A' },
  },
  async run(values, io) {
    const all = values['all-namespaces'] === true;
    const server = serverTarget(values);
    if (server) {
      return onServer(io, async () => {
        io.out(appListTable(await listApps(server, all ? undefined : serverNamespace(values))));
        return 0;
      });
    }
    const ctx = await appContext(values);
    const list = await ctx.client.list(
      applicationApiVersion,
      'Application',
      all ? {} : { namespace: ctx.namespace },
    );
    io.out(appListTable((list.items as ApplicationObject[]).map(appListRow)));
    return 0;
  },
};
