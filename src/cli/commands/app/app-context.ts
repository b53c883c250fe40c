import { InputError } from '../../../errors/index.js';
import { applicationApiVersion, KubeRest, ObjectClient } from '../../../kube/index.js';
import type { ApplicationObject } from '../../../gitops/index.js';

export const namespaceOptions = {
  namespace: { type: 'string', short: 'n' },
} as const;

export type AppContext = { readonly client: ObjectClient; readonly namespace: string };

/** The kube client and the namespace, from -n or the kubeconfig context (as kubectl does). */
export function appContext(values: Record<string, unknown>): Promise<AppContext> {
  const rest = KubeRest.fromConnection();
  const fromContext = rest.connection.namespace;
  const namespace =
    typeof values['namespace'] === 'string' ? values['namespace'] : (fromContext ?? 'default');
  return Promise.resolve({ client: new ObjectClient(rest), namespace });
}

export function appName(positionals: readonly string[], usage: string): string {
  const name = positionals[0];
  if (name === undefined || name === '') {
    throw new InputError('which application? the NAME argument is missing', {
      hint: `usage: ${usage}`,
    });
  }
  return name;
}

export async function getApp(ctx: AppContext, name: string): Promise<ApplicationObject> {
  const app = await ctx.client.get({
    apiVersion: applicationApiVersion,
    kind: 'Application',
    namespace: ctx.namespace,
    name,
  });
  if (app === undefined) {
    throw new InputError(`application "${name}" not found in namespace "${ctx.namespace}"`, {
      hint: 'list them with `slipway app list -A`, or pass -n NAMESPACE',
    });
  }
  return app;
}

export const appRef = (
  ctx: AppContext,
  name: string,
): { apiVersion: string; kind: string; namespace: string; name: string } => ({
  apiVersion: applicationApiVersion,
  kind: 'Application',
  namespace: ctx.namespace,
  name,
});

export { pollUntil as waitFor } from '../../../waiting/index.js';

/** Renders rows as aligned columns. Pure. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows.reduce<number[]>(
    (w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)),
    [],
  );
  return rows
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
    )
    .join('\n');
}
