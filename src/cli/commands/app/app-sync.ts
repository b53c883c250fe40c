import type { Command } from '../../command.js';
import {
  onServer,
  serverNamespace,
  serverTarget,
  syncOnServer,
  targetOptions,
} from '../remote/index.js';
import { parseDuration } from '../controller.js';
import { appContext, appName, getApp, namespaceOptions } from './app-context.js';
import { requestSync } from './request-operation.js';

const usage = 'slipway app sync NAME [-n NAMESPACE] [--prune] [--revision REV] [--timeout 5m]';

export const appSyncCommand: Command = {
  path: ['app', 'sync'],
  summary: 'sync an Application now and wait; exits non-zero when the sync fails',
  usage,
  options: {
    ...namespaceOptions,
    ...targetOptions,
    prune: { type: 'boolean' },
    revision: { type: 'string' },
    timeout: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const name = appName(positionals, usage);
    const timeout = parseDuration(
      typeof values['timeout'] === 'string' ? values['timeout'] : '5m',
      '--timeout',
    );
    const revision = typeof values['revision'] === 'string' ? values['revision'] : undefined;
    const server = serverTarget(values);
    if (server) {
      const target = { namespace: serverNamespace(values), name };
      const body = { prune: values['prune'] === true, ...(revision ? { revision } : {}) };
      return onServer(io, () =>
        syncOnServer(server, target, { action: 'sync', body }, timeout, io),
      );
    }
    const ctx = await appContext(values);
    await getApp(ctx, name);
    return requestSync(
      ctx,
      name,
      { prune: values['prune'] === true, ...(revision ? { revision } : {}) },
      timeout,
      io,
    );
  },
};
