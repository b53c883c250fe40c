import { z } from 'zod';
import type { KubeObject, ObjectClient } from '../kube/index.js';
import { IdentityError, quoteClaim } from './identity-error.js';
import type { JwtClaims } from './jwt.js';

export const identityAnnotation = 'slipway.dev/identity';
export const azureClientIdAnnotation = 'azure.workload.identity/client-id';
export const azureTenantIdAnnotation = 'azure.workload.identity/tenant-id';

/** Reads objects; ObjectClient fits, tests pass a fake. */
export type ObjectReader = Pick<ObjectClient, 'get'>;

const namedUid = z.object({ name: z.string().min(1), uid: z.string().min(1) });
const kubernetesClaim = z.object({
  namespace: z.string().min(1),
  serviceaccount: namedUid,
  pod: namedUid.optional(),
  secret: namedUid.optional(),
});
export type BoundClaims = z.infer<typeof kubernetesClaim>;

/** The `kubernetes.io` claim, which must agree with `sub`. */
export function boundClaims(claims: JwtClaims): BoundClaims {
  const parsed = kubernetesClaim.safeParse(claims['kubernetes.io']);
  if (!parsed.success) {
    throw new IdentityError(
      'not_bound',
      'the token has no kubernetes.io claim naming its namespace and ServiceAccount',
      { hint: 'use a service-account token from the Kubernetes API server (TokenRequest)' },
    );
  }
  const { namespace, serviceaccount } = parsed.data;
  const expected = `system:serviceaccount:${namespace}:${serviceaccount.name}`;
  if (claims['sub'] !== expected) {
    throw new IdentityError(
      'not_bound',
      `the token's sub ${quoteClaim(claims['sub'])} does not match its kubernetes.io claim (${expected})`,
    );
  }
  return parsed.data;
}

async function read(
  objects: ObjectReader,
  kind: 'ServiceAccount' | 'Pod' | 'Secret',
  namespace: string,
  name: string,
): Promise<KubeObject | undefined> {
  try {
    return await objects.get({ apiVersion: 'v1', kind, namespace, name });
  } catch (error) {
    throw new IdentityError(
      'unavailable',
      `cannot read ${kind} ${namespace}/${name} to check the token is still bound to it: ${
        error instanceof Error ? error.message : String(error)
      }`,
      { hint: 'Slipway needs get on pods, secrets and serviceaccounts', cause: error },
    );
  }
}

async function mustExist(
  objects: ObjectReader,
  kind: 'ServiceAccount' | 'Pod' | 'Secret',
  namespace: string,
  bound: { name: string; uid: string },
): Promise<KubeObject> {
  const found = await read(objects, kind, namespace, bound.name);
  if (found === undefined) {
    throw new IdentityError(
      'object_gone',
      `the token is bound to ${kind} ${namespace}/${bound.name}, which no longer exists`,
      { hint: 'a token outlives nothing it is bound to; read a fresh token in a running pod' },
    );
  }
  if (found.metadata.uid !== bound.uid) {
    throw new IdentityError(
      'object_gone',
      `the token is bound to ${kind} ${namespace}/${bound.name} uid ${bound.uid}, which was deleted (the ${kind} now there has uid ${found.metadata.uid ?? 'none'})`,
    );
  }
  return found;
}

/**
 * Checks that the ServiceAccount and the pod (or secret) the token is bound to still exist with
 * the uids in the token, as the API server's own TokenReview does; returns the ServiceAccount.
 */
export async function checkBoundObjects(
  bound: BoundClaims,
  objects: ObjectReader,
): Promise<KubeObject> {
  const { namespace, serviceaccount, pod, secret } = bound;
  const [account, boundPod] = await Promise.all([
    mustExist(objects, 'ServiceAccount', namespace, serviceaccount),
    pod ? mustExist(objects, 'Pod', namespace, pod) : undefined,
    secret ? mustExist(objects, 'Secret', namespace, secret) : undefined,
  ]);
  const podAccount = (boundPod?.['spec'] as { serviceAccountName?: string } | undefined)
    ?.serviceAccountName;
  if (boundPod !== undefined && podAccount !== serviceaccount.name) {
    throw new IdentityError(
      'not_bound',
      `pod ${namespace}/${boundPod.metadata.name} runs as ServiceAccount ${podAccount ?? 'default'}, not ${serviceaccount.name}`,
    );
  }
  return account;
}

/** What a ServiceAccount's annotations say it is: the Slipway identity and the client ids. Pure. */
export function identityOf(account: KubeObject): { identity: string; clientIds: string[] } {
  const annotations = account.metadata.annotations ?? {};
  const slipway = annotations[identityAnnotation]?.trim();
  const azure = annotations[azureClientIdAnnotation]?.trim();
  const identity = slipway || azure;
  if (!identity) {
    throw new IdentityError(
      'no_identity',
      `ServiceAccount ${account.metadata.namespace ?? ''}/${account.metadata.name} has no ${identityAnnotation} annotation`,
      {
        hint: `kubectl annotate serviceaccount ${account.metadata.name} ${identityAnnotation}=NAME`,
      },
    );
  }
  return { identity, clientIds: [...new Set([identity, ...(azure ? [azure] : [])])] };
}
