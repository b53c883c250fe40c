import type { ApplicationObject } from '../../../gitops/index.js';
import { deployedStatuses, PreviewCluster, type PreviewRecord } from '../../../preview/index.js';
import type { Command } from '../../command.js';
import { table } from '../app/app-context.js';
import { kubeClient, openPreviewStore, shortDuration, stateOptions } from './preview-context.js';

/**
 * A preview's status, with what the cluster says when it differs: the Application's health,
 * or that it is missing. Pure.
 */
export function shownStatus(
  record: PreviewRecord,
  apps: ReadonlyMap<string, ApplicationObject> | undefined,
): string {
  if (apps === undefined || !deployedStatuses.includes(record.status)) return record.status;
  const app = apps.get(`${record.applicationNamespace}/${record.namespace}`);
  if (app === undefined) return `${record.status} (Application missing)`;
  const health = app.status?.health?.status;
  return health === undefined || health === 'Healthy'
    ? record.status
    : `${record.status} (${health})`;
}

/** The table `slipway preview list` prints. Pure. */
export function previewRows(
  records: readonly PreviewRecord[],
  apps: ReadonlyMap<string, ApplicationObject> | undefined,
  now: Date,
): string[][] {
  return [
    ['PR', 'APP', 'NAMESPACE', 'URL', 'STATUS', 'AGE', 'EXPIRES'],
    ...records.map((r) => {
      const left = Date.parse(r.expiresAt) - now.getTime();
      return [
        String(r.pr),
        r.app,
        r.namespace,
        r.url ?? '-',
        shownStatus(r, apps),
        shortDuration(now.getTime() - Date.parse(r.createdAt)),
        r.status === 'Deleted' ? '-' : left > 0 ? `in ${shortDuration(left)}` : 'expired',
      ];
    }),
  ];
}

async function previewApps(): Promise<Map<string, ApplicationObject>> {
  const apps = await new PreviewCluster(kubeClient(), { nodeHost: '' }).previewApplications();
  return new Map(apps.map((a) => [`${a.metadata.namespace ?? ''}/${a.metadata.name}`, a]));
}

export const previewListCommand: Command = {
  path: ['preview', 'list'],
  summary: 'list pull request previews: their URL, status, age and expiry',
  usage: 'slipway preview list [--all] [--state-dir DIR]',
  options: { ...stateOptions, all: { type: 'boolean' } },
  async run(values, io) {
    const store = openPreviewStore(values);
    try {
      const records = store.list({ includeDeleted: values['all'] === true });
      if (records.length === 0) {
        io.out('no previews');
        return 0;
      }
      const apps = await previewApps().catch((error: unknown) => {
        io.err(
          `note: cannot read the cluster, statuses are Slipway's last record (${String(error)})`,
        );
        return undefined;
      });
      io.out(table(previewRows(records, apps, new Date())));
      return 0;
    } finally {
      store.close();
    }
  },
};
