import type { ApplicationObject } from '../../../gitops/index.js';
import type { Command } from '../../command.js';
import {
  onServer,
  readApp,
  serverNamespace,
  serverTarget,
  targetOptions,
} from '../remote/index.js';
import { appContext, appName, getApp, namespaceOptions, table } from './app-context.js';

const usage = 'slipway app get NAME [-n NAMESPACE]';

export const appGetCommand: Command = {
  path: ['app', 'get'],
  summary:
    'show an Application: its source, status, conditions and each resource with sync and health',
  usage,
  options: { ...namespaceOptions, ...targetOptions },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const server = serverTarget(values);
    if (server) {
      const target = { namespace: serverNamespace(values), name: positionals[0] ?? '' };
      return onServer(io, async () => {
        const app = await readApp(server, target);
        for (const line of describeApp(app)) io.out(line);
        io.out('');
        io.out(resourceTable(app));
        return 0;
      });
    }
    const ctx = await appContext(values);
    const app = await getApp(ctx, appName(positionals, usage));
    for (const line of describeApp(app)) io.out(line);
    io.out('');
    io.out(resourceTable(app));
    return 0;
  },
};

type SpecView = {
  source?: { repoURL?: string; path?: string; targetRevision?: string };
  destination?: { namespace?: string };
};

/** The header lines of `app get`: source, destination, sync, health, last sync, conditions. Pure. */
export function describeApp(app: ApplicationObject): string[] {
  const spec = (app.spec ?? {}) as SpecView;
  const s = app.status ?? {};
  const revision = s.sync?.revision ? ` to ${s.sync.revision.slice(0, 12)}` : '';
  const healthMessage = s.health?.message ? ` (${s.health.message})` : '';
  const source = spec.source ?? {};
  const lines = [
    `Name:        ${app.metadata.namespace}/${app.metadata.name}`,
    `Source:      ${source.repoURL ?? '?'} ${source.path ?? '.'} @ ${source.targetRevision ?? 'HEAD'}`,
    `Destination: ${spec.destination?.namespace ?? '(as rendered)'}`,
    `Sync:        ${s.sync?.status ?? 'Unknown'}${revision}`,
    `Health:      ${s.health?.status ?? 'Unknown'}${healthMessage}`,
  ];
  return [...lines, ...operationLines(app)];
}

function operationLines(app: ApplicationObject): string[] {
  const op = app.status?.operationState;
  const last = op
    ? [`Last sync:   ${op.phase}: ${op.message} (${op.finishedAt ?? op.startedAt})`]
    : [];
  return [
    ...last,
    ...(app.status?.conditions ?? []).map((c) => `Condition:   ${c.type}: ${c.message}`),
  ];
}

/** One row per resource: kind, namespace, name, sync (and pruning), health and its message. Pure. */
export function resourceTable(app: ApplicationObject): string {
  const rows = (app.status?.resources ?? []).map((r) => [
    r.group ? `${r.kind}.${r.group}` : r.kind,
    r.namespace ?? '',
    r.name,
    r.status + (r.requiresPruning ? ' (requires pruning)' : ''),
    r.health?.status ?? '',
    r.health?.message ?? '',
  ]);
  return table([['KIND', 'NAMESPACE', 'NAME', 'SYNC', 'HEALTH', 'MESSAGE'], ...rows]);
}
