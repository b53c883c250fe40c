import Fastify from 'fastify';
import type { Logger } from 'pino';
import type { Authenticator } from '../auth/index.js';
import { registryIdentityAddress, registryTokenAuth } from '../cluster/network.js';
import { PreconditionError } from '../errors/index.js';
import type { BoundServiceAccount, SlipwayIssuer } from '../identity/index.js';
import type { KubeRest } from '../kube/index.js';
import {
  loadRegistryTokenSigner,
  PullDenialReporter,
  registryAuthRoutes,
  RegistryPolicyFile,
} from '../registry-auth/index.js';

export type RegistryAuthOptions = {
  /** A YAML list of {identity, repositories, actions}; without one nobody may pull or push. */
  readonly policiesFile?: string;
  /** The registry-token key and certificate `slipway cluster up` made in the cluster PKI. */
  readonly signingKeyFile: string;
  readonly certificateFile: string;
  /** The realm's address; the identity registry's config names 127.0.0.1:5002. */
  readonly host?: string;
  readonly port?: number;
};

export type RegistryAuthDeps = {
  readonly issuer: SlipwayIssuer;
  readonly verifyBound: (token: string, audience: string) => Promise<BoundServiceAccount>;
  readonly authenticator: Authenticator;
  readonly rest: KubeRest;
  readonly log: Logger;
};

/**
 * The identity registry's token service for `slipway up --registry-auth`, on its own fixed
 * loopback listener (Slipway's main port varies; the registry's realm and the kubelet's
 * credential provider are written once at `cluster up`).
 */
export async function startRegistryAuth(
  options: RegistryAuthOptions,
  deps: RegistryAuthDeps,
): Promise<{ readonly url: string; readonly close: () => Promise<void> }> {
  const log = deps.log;
  const signer = await loadRegistryTokenSigner(options.signingKeyFile, options.certificateFile);
  const policyFile =
    options.policiesFile === undefined
      ? undefined
      : RegistryPolicyFile.open(options.policiesFile, log);
  const reporter = new PullDenialReporter(deps.rest);
  const app = Fastify({ logger: false });
  await app.register(
    registryAuthRoutes({
      service: registryTokenAuth.service,
      issuer: registryTokenAuth.issuer,
      registry: registryIdentityAddress,
      signer,
      policies: () => policyFile?.current() ?? [],
      policiesFile: options.policiesFile,
      verifiers: {
        verifySlipwayToken: (token) =>
          deps.issuer.verifyAccessToken(token, { audience: registryTokenAuth.service }),
        userOfApiToken: async (token) =>
          (await deps.authenticator.identify({ authorization: `Bearer ${token}` }))?.user,
      },
      verifyServiceAccountToken: (token) => deps.verifyBound(token, registryTokenAuth.service),
      issueAccessToken: (request) => deps.issuer.issueAccessToken(request),
      reportDenial: (denial) => reporter.report(denial),
      log,
    }),
  );
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? registryTokenAuth.realmPort;
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    throw new PreconditionError(
      `the registry token service cannot listen on ${host}:${port}: ${(error as Error).message}`,
      {
        hint: 'the identity registry names this address as its realm; stop what holds the port (another `slipway up --registry-auth`?)',
        cause: error,
      },
    );
  }
  const url = `http://${host}:${port}`;
  log.info({ url, policies: options.policiesFile ?? 'none' }, 'registry token service is up');
  return { url, close: () => app.close() };
}
