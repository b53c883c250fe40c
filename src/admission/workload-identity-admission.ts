import { z } from 'zod';
import {
  applyWorkloadIdentityPatch,
  workloadIdentityPodPatch,
  type PodPatchOptions,
  type PodSpecLike,
} from '../identity/index.js';
import type { KubeObject } from '../kube/index.js';
import { allow, type AdmissionRequest, type AdmissionReviewAnswer } from './admission-review.js';
import { podSpecJsonPatch } from './pod-json-patch.js';

// The webhook's decision, without I/O: which pod is being created and by which ServiceAccount,
// and, given what that ServiceAccount's annotations say, which fields the pod gets.

const container = z.object({ name: z.string() }).passthrough();
const podObject = z.object({
  metadata: z
    .object({ name: z.string().optional(), generateName: z.string().optional() })
    .passthrough()
    .optional(),
  spec: z
    .object({
      serviceAccountName: z.string().optional(),
      containers: z.array(container),
      initContainers: z.array(container).optional(),
      volumes: z.array(z.unknown()).optional(),
    })
    .passthrough(),
});

/** A pod being created, as the webhook sees it. */
export type PodCreation = {
  readonly uid: string;
  readonly namespace: string;
  /** The pod's name, or its generateName followed by `*` (a ReplicaSet's pods have no name yet). */
  readonly pod: string;
  readonly serviceAccount: string;
  readonly spec: PodSpecLike;
};

/** The pod creation a request is about; undefined for anything else (an update, another kind). Pure. */
export function podCreation(request: AdmissionRequest): PodCreation | undefined {
  const { kind, operation, subResource } = request;
  if (kind.group !== '' || kind.version !== 'v1' || kind.kind !== 'Pod') return undefined;
  if (operation !== 'CREATE' || subResource !== undefined || !request.namespace) return undefined;
  const pod = podObject.safeParse(request.object);
  if (!pod.success) return undefined;
  const { metadata, spec } = pod.data;
  return {
    uid: request.uid,
    namespace: request.namespace,
    pod: metadata?.name || `${metadata?.generateName ?? ''}*`,
    // The API server's ServiceAccount admission sets it before webhooks run; "default" otherwise.
    serviceAccount: spec.serviceAccountName || 'default',
    spec,
  };
}

/** What reading the pod's ServiceAccount gave. */
export type ServiceAccountLookup =
  | { readonly kind: 'found'; readonly account: Pick<KubeObject, 'metadata'> }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly reason: string };

/**
 * The answer for a pod creation: the projected token, its mount and the variables of
 * `workloadIdentityPodPatch` when the ServiceAccount has an identity and the pod lacks some of
 * them; a bare "allowed" otherwise. The API server is told the pod is allowed in every case:
 * this webhook adds, it never refuses. Pure.
 */
export function admitPodCreation(
  creation: PodCreation,
  lookup: ServiceAccountLookup,
  options: PodPatchOptions,
): AdmissionReviewAnswer {
  if (lookup.kind === 'unreadable') {
    return allow(creation.uid, [], [unreadableWarning(creation, lookup.reason)]);
  }
  if (lookup.kind === 'missing') return allow(creation.uid);
  const patch = workloadIdentityPodPatch(lookup.account, options);
  if (patch === undefined) return allow(creation.uid);
  const patched = applyWorkloadIdentityPatch(creation.spec, patch);
  return allow(creation.uid, podSpecJsonPatch(creation.spec, patched));
}

function unreadableWarning(creation: PodCreation, reason: string): string {
  return (
    `Slipway could not read ServiceAccount ${creation.namespace}/${creation.serviceAccount} ` +
    `(${reason}), so pod ${creation.pod} was created without its workload-identity token; ` +
    'recreate the pod, or add the pod fields of docs/identity.md yourself'
  );
}
