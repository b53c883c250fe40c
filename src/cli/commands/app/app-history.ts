import type { Command } from '../../command.js';
import { appContext, appName, getApp, namespaceOptions, table } from './app-context.js';

const usage = 'slipway app history NAME [-n NAMESPACE]';

export const appHistoryCommand: Command = {
  path: ['app', 'history'],
  summary: 'list the revisions an Application deployed, newest last, with the IDs rollback takes',
  usage,
  options: namespaceOptions,
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const ctx = await appContext(values);
    const app = await getApp(ctx, appName(positionals, usage));
    const rows = (app.status?.history ?? []).map((h) => [String(h.id), h.deployedAt, h.revision]);
    io.out(table([['ID', 'DEPLOYED AT', 'REVISION'], ...rows]));
    return 0;
  },
};
