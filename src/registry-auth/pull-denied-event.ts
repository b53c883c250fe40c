import type { KubeRest } from '../kube/index.js';

// The kubelet's own event for a refused pull carries containerd's words ("insufficient_scope:
// authorization failed"); this one, on the same pod, says who was refused what and where to
// change it. It is posted when the token service refuses a ServiceAccount a repository.

export const pullDeniedReason = 'ImagePullDenied';
export const pullDeniedComponent = 'slipway-registry-auth';

export type PullDenial = {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly pod: { readonly name: string; readonly uid: string };
  /** e.g. 127.0.0.1:5001 */
  readonly registry: string;
  readonly repository: string;
  readonly actions: readonly string[];
  /** The policy file to change; undefined when Slipway runs without one. */
  readonly policiesFile: string | undefined;
};

/** The message a person reads under `kubectl describe pod`. Pure. */
export function pullDeniedMessage(denial: PullDenial): string {
  const what = `ServiceAccount ${denial.namespace}/${denial.serviceAccount} may not ${denial.actions.join(', ')} repository ${denial.repository} on ${denial.registry}`;
  const fix =
    denial.policiesFile === undefined
      ? 'Slipway runs without a registry policy file, so nobody may; start it with --registry-policies FILE'
      : `to allow it, add {identity: "system:serviceaccount:${denial.namespace}:${denial.serviceAccount}", repositories: "${denial.repository}", actions: [pull]} to ${denial.policiesFile}`;
  return `${what}: no registry policy grants it; ${fix}`;
}

/** A core/v1 Event on the pod the pull was for. Pure. */
export function pullDeniedEvent(denial: PullDenial, now: Date): Record<string, unknown> {
  const at = now.toISOString();
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { generateName: `${denial.pod.name}.`, namespace: denial.namespace },
    involvedObject: {
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: denial.namespace,
      name: denial.pod.name,
      uid: denial.pod.uid,
    },
    type: 'Warning',
    reason: pullDeniedReason,
    message: pullDeniedMessage(denial),
    source: { component: pullDeniedComponent },
    reportingComponent: pullDeniedComponent,
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
  };
}

/** Whether a denial was already reported within the window; remembers this one if not. Pure over `seen`. */
export function firstInWindow(
  seen: Map<string, number>,
  key: string,
  nowMs: number,
  windowMs: number,
): boolean {
  for (const [k, at] of seen) if (nowMs - at >= windowMs) seen.delete(k);
  if (seen.has(key)) return false;
  seen.set(key, nowMs);
  return true;
}

/**
 * Posts one event per pod, repository and actions per window: the kubelet retries a failed
 * pull with backoff, and each retry would otherwise add an event saying the same thing.
 */
export class PullDenialReporter {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly rest: Pick<KubeRest, 'send'>,
    private readonly options: { readonly windowMs?: number; readonly now?: () => Date } = {},
  ) {}

  async report(denial: PullDenial): Promise<boolean> {
    const now = (this.options.now ?? ((): Date => new Date()))();
    const key = `${denial.pod.uid} ${denial.repository} ${denial.actions.join(',')}`;
    if (!firstInWindow(this.seen, key, now.getTime(), this.options.windowMs ?? 300_000)) {
      return false;
    }
    try {
      await this.rest.send({
        method: 'POST',
        path: `/api/v1/namespaces/${encodeURIComponent(denial.namespace)}/events`,
        body: pullDeniedEvent(denial, now),
      });
    } catch (error) {
      this.seen.delete(key); // the next retry of the pull tries again
      throw error;
    }
    return true;
  }
}
