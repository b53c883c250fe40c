import { createEngine, diffApp } from '../../../gitops/index.js';
import type { Command, CommandOutput } from '../../command.js';
import {
  appDiffs,
  onServer,
  serverNamespace,
  serverTarget,
  targetOptions,
} from '../remote/index.js';
import { appContext, appName, getApp, namespaceOptions } from './app-context.js';

const usage = 'slipway app diff NAME [-n NAMESPACE]';

export const appDiffCommand: Command = {
  path: ['app', 'diff'],
  summary:
    'show what a sync would change, as a unified diff; exit 1 when there are differences (like kubectl diff)',
  usage,
  options: { ...namespaceOptions, ...targetOptions },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const server = serverTarget(values);
    if (server) {
      const target = { namespace: serverNamespace(values), name: positionals[0] ?? '' };
      return onServer(io, async () => {
        return printDiffs(await appDiffs(server, target), io);
      });
    }
    const ctx = await appContext(values);
    const app = await getApp(ctx, appName(positionals, usage));
    return printDiffs(await diffApp(await createEngine(), app), io);
  },
};

/** Exit 1 when there are differences, like kubectl diff. */
function printDiffs(diffs: readonly string[], io: CommandOutput): number {
  for (const d of diffs) io.out(d);
  if (diffs.length === 0) io.out('no differences: the cluster matches Git');
  return diffs.length === 0 ? 0 : 1;
}
