import { createEngine, diffApp } from '../../../gitops/index.js';
import type { Command } from '../../command.js';
import { appContext, appName, getApp, namespaceOptions } from './app-context.js';

const usage = 'slipway app diff NAME [-n NAMESPACE]';

export const appDiffCommand: Command = {
  path: ['app', 'diff'],
  summary:
    'show what a sync would change, as a unified diff; exit 1 when there are differences (like kubectl diff)',
  usage,
  options: namespaceOptions,
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const ctx = await appContext(values);
    const app = await getApp(ctx, appName(positionals, usage));
    const diffs = await diffApp(await createEngine(), app);
    for (const d of diffs) io.out(d);
    if (diffs.length === 0) io.out('no differences: the cluster matches Git');
    return diffs.length === 0 ? 0 : 1;
  },
};
