import type { ApplicationObject } from '../../../gitops/index.js';
import type { Command, CommandOutput } from '../../command.js';
import {
  onServer,
  refreshOnServer,
  serverNamespace,
  serverTarget,
  targetOptions,
} from '../remote/index.js';
import { appContext, appName, appRef, getApp, namespaceOptions, waitFor } from './app-context.js';

const usage = 'slipway app refresh NAME [-n NAMESPACE]';

export const appRefreshCommand: Command = {
  path: ['app', 'refresh'],
  summary: 'look at Git again now (sets the refresh annotation) and wait for the new comparison',
  usage,
  options: { ...namespaceOptions, ...targetOptions },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const server = serverTarget(values);
    if (server) {
      const target = { namespace: serverNamespace(values), name: positionals[0] ?? '' };
      return onServer(io, async () => {
        return refreshOnServer(server, target, io);
      });
    }
    const ctx = await appContext(values);
    const name = appName(positionals, usage);
    const before = (await getApp(ctx, name)).status?.reconciledAt;
    await ctx.client.mergePatch(appRef(ctx, name), {
      metadata: { annotations: { 'slipway.dev/refresh': 'normal' } },
    });
    return awaitRefresh(() => getApp(ctx, name), name, before, io);
  },
};

/** Waits for the controller to compare again (a new reconciledAt) and prints the result. */
export async function awaitRefresh(
  read: () => Promise<ApplicationObject>,
  name: string,
  before: string | undefined,
  io: CommandOutput,
): Promise<number> {
  const after = await waitFor(60_000, async () => {
    const app = await read();
    const reconciled = app.status?.reconciledAt;
    return reconciled !== undefined &&
      reconciled !== before &&
      app.metadata.annotations?.['slipway.dev/refresh'] === undefined
      ? app
      : undefined;
  });
  if (after === undefined) {
    io.err(
      'error: the controller did not refresh the application within 60s\n  → is it running? (slipway controller)',
    );
    return 1;
  }
  io.out(
    `${name}: ${after.status?.sync?.status ?? 'Unknown'} at ${after.status?.sync?.revision?.slice(0, 12) ?? '?'}, ${after.status?.health?.status ?? 'Unknown'}`,
  );
  return 0;
}
