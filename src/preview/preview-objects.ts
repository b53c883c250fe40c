import { inClusterServer } from '../config/index.js';
import type { ApplicationObject } from '../gitops/index.js';
import { applicationApiVersion, type KubeObject } from '../kube/index.js';
import { labelValue } from './preview-names.js';
import {
  previewAnnotations,
  previewLabels,
  resourcesFinalizer,
  type PreviewRecord,
} from './preview-record.js';
import { imageOverride, type PreviewTarget } from './preview-target.js';
import type { PushedImage } from './pushed-image.js';

// The Kubernetes objects of a preview, and what is read back from the cluster. Pure.

export type PreviewIdentity = { readonly pr: number; readonly app: string };

export const previewLabelsOf = (id: PreviewIdentity): Record<string, string> => ({
  [previewLabels.pr]: String(id.pr),
  [previewLabels.app]: labelValue(id.app),
});

export function previewNamespaceObject(name: string, id: PreviewIdentity): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: previewLabelsOf(id) } };
}

/** Whether a live namespace is this preview's (so Slipway may use and delete it). */
export function ownsNamespace(live: KubeObject, id: PreviewIdentity): boolean {
  const labels = live.metadata.labels ?? {};
  return (
    labels[previewLabels.pr] === String(id.pr) && labels[previewLabels.app] === labelValue(id.app)
  );
}

/** Whose a live namespace is, in words, for the message refusing to take it over. */
export function namespaceOwner(live: KubeObject): string {
  const labels = live.metadata.labels ?? {};
  const pr = labels[previewLabels.pr];
  if (pr === undefined) return 'it is not a preview namespace';
  return `it belongs to the preview of PR #${pr} of ${labels[previewLabels.app] ?? 'another app'}`;
}

export type PreviewSpecInput = {
  readonly target: PreviewTarget;
  readonly pr: number;
  readonly namespace: string;
  readonly applicationNamespace: string;
  readonly sha: string;
  readonly image: PushedImage;
  readonly branch: string | undefined;
  readonly url: string | undefined;
};

/**
 * The preview's Application: the app's config at its base revision with the PR's image by
 * digest, into the preview namespace (created by the sync if missing), synced automatically
 * with prune; the resources finalizer makes deleting it delete what it deployed.
 */
export function previewApplication(input: PreviewSpecInput): ApplicationObject {
  const { target } = input;
  const annotations: Record<string, string> = { [previewAnnotations.sha]: input.sha };
  if (input.branch !== undefined) annotations[previewAnnotations.branch] = input.branch;
  if (input.url !== undefined) annotations[previewAnnotations.url] = input.url;
  return {
    apiVersion: applicationApiVersion,
    kind: 'Application',
    metadata: {
      name: input.namespace,
      namespace: input.applicationNamespace,
      labels: previewLabelsOf({ pr: input.pr, app: target.app }),
      annotations,
      finalizers: [resourcesFinalizer],
    },
    spec: {
      project: target.project ?? 'default',
      source: {
        repoURL: target.config.repoURL,
        targetRevision: target.config.targetRevision ?? 'HEAD',
        path: target.config.path ?? '.',
        kustomize: { images: [imageOverride(target, input.image)] },
      },
      destination: { server: inClusterServer, namespace: input.namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}

export const applicationRefOf = (
  record: Pick<PreviewRecord, 'namespace' | 'applicationNamespace'>,
): { apiVersion: string; kind: string; namespace: string; name: string } => ({
  apiVersion: applicationApiVersion,
  kind: 'Application',
  namespace: record.applicationNamespace,
  name: record.namespace,
});

export type SyncProgress =
  { readonly ready: true } | { readonly ready: false; readonly why: string };

const imagesOf = (source: unknown): unknown =>
  (source as { kustomize?: { images?: unknown } } | undefined)?.kustomize?.images;

/** Whether the Application has synced `images` and is Healthy; if not, what it is doing. */
export function syncProgress(app: ApplicationObject, images: readonly string[]): SyncProgress {
  const status = app.status ?? {};
  const compared = (status.sync?.comparedTo as { source?: unknown } | undefined)?.source;
  const conditions = (status.conditions ?? []).map((c) => `${c.type}: ${c.message}`);
  if (JSON.stringify(imagesOf(compared)) !== JSON.stringify(images)) {
    const why = conditions[0] ?? 'the GitOps engine has not compared the new image yet';
    return { ready: false, why };
  }
  if (status.sync?.status === 'Synced' && status.health?.status === 'Healthy')
    return { ready: true };
  return { ready: false, why: [...statusWords(status), ...conditions].join('; ') };
}

/** `sync OutOfSync`, `health Progressing (…)`, and a sync that did not succeed, in words. */
function statusWords(status: NonNullable<ApplicationObject['status']>): string[] {
  const health = status.health;
  const operation = status.operationState;
  const healthWords = `health ${health?.status ?? 'Unknown'}${health?.message ? ` (${health.message})` : ''}`;
  return [
    `sync ${status.sync?.status ?? 'Unknown'}`,
    healthWords,
    ...(operation && operation.phase !== 'Succeeded'
      ? [`last sync ${operation.phase}: ${operation.message}`]
      : []),
  ];
}

type ServicePort = {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  nodePort?: number;
};
type ServiceSpec = { type?: string; selector?: Record<string, string>; ports?: ServicePort[] };

const specOf = (service: KubeObject): ServiceSpec => service['spec'] ?? {};
const byName = (a: KubeObject, b: KubeObject): number =>
  a.metadata.name.localeCompare(b.metadata.name);

function preferApp(services: readonly KubeObject[], app: string): KubeObject[] {
  const sorted = [...services].sort(byName);
  const named = sorted.filter((s) => s.metadata.name === app || s.metadata.name === 'preview');
  return [...named, ...sorted.filter((s) => !named.includes(s))];
}

/** The node port of the config's (or Slipway's `preview`) NodePort Service, the app's first. */
export function nodePortOf(services: readonly KubeObject[], app: string): number | undefined {
  for (const service of preferApp(services, app)) {
    const spec = specOf(service);
    if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') continue;
    const ports = spec.ports ?? [];
    const port = ports.find((p) => p.name === 'http') ?? ports[0];
    if (port?.nodePort !== undefined) return port.nodePort;
  }
  return undefined;
}

/**
 * When the config has no NodePort Service, the `preview` one Slipway adds: a copy of the app's
 * Service (the one named after the app, else the first with a selector) as a NodePort. It is not
 * the Application's, so a sync never prunes it; the namespace's deletion removes it.
 */
export function previewService(
  services: readonly KubeObject[],
  namespace: string,
  id: PreviewIdentity,
): KubeObject | undefined {
  const base = preferApp(services, id.app).find(
    (s) => Object.keys(specOf(s).selector ?? {}).length > 0 && (specOf(s).ports ?? []).length > 0,
  );
  if (base === undefined) return undefined;
  const spec = specOf(base);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'preview', namespace, labels: previewLabelsOf(id) },
    spec: {
      type: 'NodePort',
      selector: spec.selector,
      ports: (spec.ports ?? []).map((p) => ({
        ...(p.name === undefined ? {} : { name: p.name }),
        port: p.port,
        ...(p.targetPort === undefined ? {} : { targetPort: p.targetPort }),
        protocol: p.protocol ?? 'TCP',
      })),
    },
  };
}

export const previewUrl = (host: string, nodePort: number): string => `http://${host}:${nodePort}/`;
