import { applicationApiVersion } from '../../../kube/index.js';
import type { ApplicationObject } from '../../../gitops/index.js';
import type { Command } from '../../command.js';
import { appContext, namespaceOptions, table } from './app-context.js';

export const appListCommand: Command = {
  path: ['app', 'list'],
  summary: 'list Applications with their sync and health status',
  usage: 'slipway app list [-n NAMESPACE | -A]',
  options: { ...namespaceOptions, 'all-namespaces': { type: 'boolean', short: 'A' } },
  async run(values, io) {
    const ctx = await appContext(values);
    const all = values['all-namespaces'] === true;
    const list = await ctx.client.list(
      applicationApiVersion,
      'Application',
      all ? {} : { namespace: ctx.namespace },
    );
    const rows = (list.items as ApplicationObject[]).map((a) => [
      a.metadata.namespace ?? '',
      a.metadata.name,
      a.status?.sync?.status ?? 'Unknown',
      a.status?.health?.status ?? 'Unknown',
      (a.status?.sync?.revision ?? '').slice(0, 12),
      (a.spec as { source?: { repoURL?: string } } | undefined)?.source?.repoURL ?? '',
    ]);
    io.out(table([['NAMESPACE', 'NAME', 'SYNC', 'HEALTH', 'REVISION', 'REPO'], ...rows]));
    return 0;
  },
};
