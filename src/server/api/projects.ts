import type { ApplicationObject } from '../../gitops/index.js';
import type { KubeObject } from '../../kube/index.js';
import type { ObjectIndex } from './object-index.js';

// Which project a thing belongs to, for the role checks: an Application's spec.project; a
// Rollout's is that of the Application managing it (tracking annotation), else `default`.

export const trackingAnnotation = 'slipway.dev/tracking-id';

export function appProject(app: ApplicationObject | undefined): string {
  const project = (app?.spec as { project?: unknown } | undefined)?.project;
  return typeof project === 'string' && project !== '' ? project : 'default';
}

export function managingApp(object: KubeObject): { namespace: string; name: string } | undefined {
  const id = object.metadata.annotations?.[trackingAnnotation];
  const match = id === undefined ? null : /^([^/]+)\/(.+)$/.exec(id);
  return match?.[1] && match[2] ? { namespace: match[1], name: match[2] } : undefined;
}

export function objectProject(object: KubeObject, apps: ObjectIndex<ApplicationObject>): string {
  const owner = managingApp(object);
  return owner === undefined ? 'default' : appProject(apps.get(owner.namespace, owner.name));
}
