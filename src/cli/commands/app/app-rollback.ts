import { InputError } from '../../../errors/index.js';
import type { Command } from '../../command.js';
import {
  onServer,
  serverNamespace,
  serverTarget,
  syncOnServer,
  targetOptions,
} from '../remote/index.js';
import { parseDuration } from '../controller.js';
import { appContext, getApp, namespaceOptions } from './app-context.js';
import { requestSync } from './request-operation.js';

const usage = 'slipway app rollback NAME ID [-n NAMESPACE] [--timeout 5m]';

export const appRollbackCommand: Command = {
  path: ['app', 'rollback'],
  summary: 'deploy the revision of a history entry again (automated sync must be off)',
  usage,
  options: { ...namespaceOptions, ...targetOptions, timeout: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(values, io, positionals) {
    const [name = '', idText = ''] = positionals;
    const timeout = parseDuration(
      typeof values['timeout'] === 'string' ? values['timeout'] : '5m',
      '--timeout',
    );
    const server = serverTarget(values);
    if (server) {
      const target = { namespace: serverNamespace(values), name };
      const request = { action: 'rollback', body: { id: idText } } as const;
      return onServer(io, () => syncOnServer(server, target, request, timeout, io));
    }
    const ctx = await appContext(values);
    const app = await getApp(ctx, name);
    if (
      (app.spec as { syncPolicy?: { automated?: unknown } } | undefined)?.syncPolicy?.automated !==
      undefined
    ) {
      throw new InputError(
        `application "${name}" has automated sync on, which would undo a rollback at once`,
        {
          hint: 'remove spec.syncPolicy.automated first (as Argo CD requires), then roll back',
        },
      );
    }
    const history = app.status?.history ?? [];
    const entry = history.find((h) => String(h.id) === idText);
    if (entry === undefined) {
      throw new InputError(`application "${name}" has no history entry with ID "${idText}"`, {
        hint: `choose one of: ${history.map((h) => h.id).join(', ') || '(none yet)'} — see \`slipway app history ${name}\``,
      });
    }
    return requestSync(ctx, name, { revision: entry.revision, prune: true }, timeout, io);
  },
};
