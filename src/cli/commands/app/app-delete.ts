import type { Command } from '../../command.js';
import { appContext, appName, appRef, getApp, namespaceOptions, waitFor } from './app-context.js';

const usage = 'slipway app delete NAME [-n NAMESPACE] [--cascade]';
const finalizer = 'resources-finalizer.slipway.dev';

export const appDeleteCommand: Command = {
  path: ['app', 'delete'],
  summary: 'delete an Application; with --cascade also what it deployed (via its finalizer)',
  usage,
  options: { ...namespaceOptions, cascade: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const ctx = await appContext(values);
    const name = appName(positionals, usage);
    const app = await getApp(ctx, name);
    const others = (app.metadata.finalizers ?? []).filter(
      (f) => !f.startsWith('resources-finalizer.'),
    );
    const finalizers = values['cascade'] === true ? [...others, finalizer] : others;
    await ctx.client.mergePatch(appRef(ctx, name), { metadata: { finalizers } });
    await ctx.client.delete(appRef(ctx, name), 'Foreground');
    const gone = await waitFor(120_000, async () =>
      (await ctx.client.get(appRef(ctx, name))) === undefined ? true : undefined,
    );
    io.out(
      gone
        ? `application "${name}" deleted${values['cascade'] === true ? ' with its resources' : ''}`
        : `application "${name}" is still being deleted (is the controller running?)`,
    );
    return gone ? 0 : 1;
  },
};
