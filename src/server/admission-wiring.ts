import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  ensureServingCertificate,
  registerWorkloadIdentityWebhook,
  startAdmissionServer,
  unregisterWorkloadIdentityWebhook,
  workloadIdentityWebhookPath,
} from '../admission/index.js';
import { PreconditionError, SlipwayError } from '../errors/index.js';
import { ObjectClient, type KubeRest } from '../kube/index.js';

export type AdmissionOptions = {
  /** The listener's port; any free one when 0 or absent (the configuration names it at each start). */
  readonly port?: number;
  /** Where the API server reaches the listener; 127.0.0.1, as the local API server runs on the host. */
  readonly host?: string;
  /** SLIPWAY_TOKEN_URL as pods reach it; Slipway's own URL + /api/identity/token when absent. */
  readonly tokenUrl?: string;
};

export type AdmissionDeps = {
  /** Whether the token endpoint is on: a token nobody can exchange is not worth injecting. */
  readonly identityOn: boolean;
  readonly rest: KubeRest;
  /** Slipway's own URL, e.g. http://127.0.0.1:8080. */
  readonly publicUrl: string;
  readonly stateDir: string;
  readonly namespaces: readonly string[];
  readonly log: Logger;
};

/**
 * `slipway up --admission`: the workload-identity webhook on its own HTTPS listener, and the
 * MutatingWebhookConfiguration that sends pod creations to it. Closing deletes the configuration
 * (if it still names this listener); after a crash it stays, and its `failurePolicy: Ignore`
 * lets pods in without the token until the next start rewrites it.
 */
export async function startAdmission(
  options: AdmissionOptions | undefined,
  deps: AdmissionDeps,
): Promise<{ readonly url: string; readonly close: () => Promise<void> } | undefined> {
  if (options === undefined) return undefined;
  if (!deps.identityOn) {
    throw new PreconditionError(
      'the admission webhook needs workload identity, which is off: the cluster publishes no OIDC discovery',
      { hint: 'start the cluster with `slipway cluster up`, or run without --admission' },
    );
  }
  const host = options.host ?? '127.0.0.1';
  const tls = await ensureServingCertificate(join(deps.stateDir, 'admission'), host);
  const client = new ObjectClient(deps.rest);
  const server = await startAdmissionServer({ host, port: options.port ?? 0 }, tls, {
    readServiceAccount: (namespace, name) =>
      client.get({ apiVersion: 'v1', kind: 'ServiceAccount', namespace, name }),
    patchOptions: { tokenUrl: options.tokenUrl ?? `${deps.publicUrl}/api/identity/token` },
    log: deps.log,
  });
  const url = `${server.url}${workloadIdentityWebhookPath}`;
  try {
    await registerWorkloadIdentityWebhook(client, {
      url,
      caCertificate: tls.caCertificate,
      namespaces: deps.namespaces,
    });
  } catch (error) {
    await server.close();
    if (error instanceof SlipwayError) throw error;
    throw new PreconditionError(
      `cannot create the MutatingWebhookConfiguration for the admission webhook: ${(error as Error).message}`,
      {
        hint: 'Slipway needs create, get, patch and delete on mutatingwebhookconfigurations (the admin kubeconfig has them)',
        cause: error,
      },
    );
  }
  deps.log.info({ url }, 'workload-identity admission webhook is up');
  return {
    url,
    close: async () => {
      try {
        await unregisterWorkloadIdentityWebhook(client, url);
      } catch (error) {
        deps.log.warn({ err: error }, 'could not delete the admission webhook configuration');
      }
      await server.close();
    },
  };
}
