import { stringify } from 'yaml';

export type KubeconfigInput = {
  readonly server: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly user: string;
  readonly clusterName?: string;
};

/** A kubeconfig that points at one cluster with one client certificate. */
export function renderKubeconfig(input: KubeconfigInput): string {
  const cluster = input.clusterName ?? 'slipway';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: cluster, cluster: { server: input.server, 'certificate-authority': input.caFile } },
    ],
    users: [
      {
        name: input.user,
        user: { 'client-certificate': input.certFile, 'client-key': input.keyFile },
      },
    ],
    contexts: [{ name: cluster, context: { cluster, user: input.user } }],
    'current-context': cluster,
  });
}
