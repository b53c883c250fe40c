import type { Logger } from 'pino';
import {
  OidcKeySet,
  SlipwayIssuer,
  verifyBoundServiceAccountToken,
  verifyServiceAccountToken,
  type BoundServiceAccount,
  type IdentityRoutesDeps,
} from '../identity/index.js';
import { ObjectClient, type KubeRest } from '../kube/index.js';

/** How often Slipway's signing key is rotated (the previous key verifies until its tokens expire). */
const rotateAfterSeconds = 7 * 86_400;

/**
 * The token endpoint's dependencies for `slipway up`: Slipway's own issuer at its public URL,
 * and the cluster's service-account issuer (found by its OIDC discovery) to verify workloads'
 * projected tokens. Undefined, with a warning, when the cluster publishes no discovery.
 */
export async function identityDeps(
  rest: KubeRest,
  publicUrl: string,
  stateDir: string,
  log: Logger,
): Promise<
  | {
      deps: IdentityRoutesDeps;
      /** The same checks for another audience, without requiring an identity annotation. */
      verifyBound: (token: string, audience: string) => Promise<BoundServiceAccount>;
      stop: () => void;
    }
  | undefined
> {
  let issuerUrl: string;
  try {
    const discovery = await rest.send<{ issuer?: string }>({
      method: 'GET',
      path: '/.well-known/openid-configuration',
    });
    if (!discovery.issuer) throw new Error('the discovery document names no issuer');
    issuerUrl = discovery.issuer;
  } catch (error) {
    log.warn({ err: error }, 'workload identity is off: the cluster publishes no OIDC discovery');
    return undefined;
  }
  const issuer = await SlipwayIssuer.open({ issuerUrl: publicUrl, stateDir });
  const keys = new OidcKeySet({
    issuerUrl,
    ...(rest.connection.ca === undefined ? {} : { ca: rest.connection.ca }),
  });
  const client = new ObjectClient(rest);
  const timer = setInterval(() => {
    void Promise.resolve(issuer.rotateIfOlderThan(rotateAfterSeconds)).catch((error: unknown) =>
      log.warn({ err: error }, 'rotating the signing key failed'),
    );
  }, 3_600_000);
  timer.unref();
  return {
    deps: {
      issuer,
      log,
      verifySubjectToken: (token) =>
        verifyServiceAccountToken(token, { issuer: keys, audience: 'slipway', client }),
    },
    verifyBound: (token, audience) =>
      verifyBoundServiceAccountToken(token, { issuer: keys, audience, client }),
    stop: () => clearInterval(timer),
  };
}
