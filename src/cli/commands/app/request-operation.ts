import type { ApplicationObject } from '../../../gitops/index.js';
import type { CommandOutput } from '../../command.js';
import { appRef, getApp, waitFor, type AppContext } from './app-context.js';

/**
 * Asks the controller for a sync (as Argo CD's CLI does, by setting `operation` on the
 * Application), waits for its result and prints it. Exit 0 only when it succeeded.
 */
export async function requestSync(
  ctx: AppContext,
  name: string,
  sync: { revision?: string; prune: boolean },
  timeoutMs: number,
  io: CommandOutput,
): Promise<number> {
  const askedAt = syncAskedAt();
  await ctx.client.mergePatch(appRef(ctx, name), {
    operation: { sync, initiatedBy: { username: process.env['USER'] ?? 'slipway-cli' } },
  });
  return awaitSyncResult(() => getApp(ctx, name), askedAt, timeoutMs, io);
}

/** Now, to the second, as the controller stamps operationState.startedAt. */
export const syncAskedAt = (): string =>
  new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();

/** Waits for the result of a sync asked for at `askedAt` and prints it; 0 only on success. */
export async function awaitSyncResult(
  read: () => Promise<ApplicationObject>,
  askedAt: string,
  timeoutMs: number,
  io: CommandOutput,
): Promise<number> {
  const done = await waitFor(timeoutMs, async () => {
    const app = await read();
    const op = app.status?.operationState;
    const finished =
      op && op.startedAt >= askedAt && op.phase !== 'Running' && app.operation === undefined;
    return finished ? op : undefined;
  });
  if (done === undefined) {
    io.err(
      `error: no sync result within ${timeoutMs / 1000}s\n  → is the controller running? (slipway controller)`,
    );
    return 1;
  }
  io.out(`${done.phase}: ${done.message}`);
  for (const r of done.syncResult?.resources ?? []) {
    io.out(
      `  ${r.kind}/${r.name}${r.namespace ? ` in ${r.namespace}` : ''}: ${r.status} ${r.message}`,
    );
  }
  return done.phase === 'Succeeded' ? 0 : 1;
}
