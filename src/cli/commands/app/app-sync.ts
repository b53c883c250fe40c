import type { Command } from '../../command.js';
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
    prune: { type: 'boolean' },
    revision: { type: 'string' },
    timeout: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const ctx = await appContext(values);
    const name = appName(positionals, usage);
    await getApp(ctx, name);
    const timeout = parseDuration(
      typeof values['timeout'] === 'string' ? values['timeout'] : '5m',
      '--timeout',
    );
    const revision = typeof values['revision'] === 'string' ? values['revision'] : undefined;
    return requestSync(
      ctx,
      name,
      { prune: values['prune'] === true, ...(revision ? { revision } : {}) },
      timeout,
      io,
    );
  },
};
