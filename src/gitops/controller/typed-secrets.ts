import type { KubeObject, ObjectClient } from '../../kube/index.js';

/** The labels that mark a Secret as Slipway's or Argo CD's (repository, repo-creds, cluster). */
export const secretTypeLabels = ['slipway.dev/secret-type', 'argocd.argoproj.io/secret-type'];

export type SecretObject = KubeObject & { data?: Record<string, string> };

export const decodeSecretValue = (v: string | undefined): string | undefined =>
  v === undefined ? undefined : Buffer.from(v, 'base64').toString('utf8');

/** Secrets in the namespaces carrying either type label, with any type or only `type`. */
export async function listTypedSecrets(
  client: ObjectClient,
  namespaces: readonly string[],
  type?: string,
): Promise<SecretObject[]> {
  const out: SecretObject[] = [];
  for (const namespace of new Set(namespaces)) {
    for (const label of secretTypeLabels) {
      const labelSelector = type === undefined ? label : `${label}=${type}`;
      out.push(
        ...((await client.list('v1', 'Secret', { namespace, labelSelector }))
          .items as SecretObject[]),
      );
    }
  }
  return out;
}
