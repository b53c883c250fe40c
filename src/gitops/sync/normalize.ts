import type { IgnoreDifference } from '../../config/index.js';
import { groupOfApiVersion, type KubeObject } from '../../kube/index.js';
import { deleteJqPaths } from './jq-paths.js';

const bookkeeping = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'selfLink',
];
const bookkeepingAnnotations = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
];

/** The part of an object a diff compares: no status, no server bookkeeping, ignored paths removed. Pure. */
export function normalizeForDiff(
  object: KubeObject,
  ignore: readonly IgnoreDifference[] = [],
): KubeObject {
  const copy = structuredClone(object);
  delete copy['status'];
  for (const key of bookkeeping) delete copy.metadata[key];
  const annotations = copy.metadata.annotations;
  if (annotations) {
    for (const key of bookkeepingAnnotations) delete annotations[key];
    if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
  }
  for (const rule of ignore) {
    if (!appliesTo(rule, object)) continue;
    for (const pointer of rule.jsonPointers ?? []) removePointer(copy, pointer);
    for (const expr of rule.jqPathExpressions ?? []) deleteJqPaths(copy, expr);
  }
  return copy;
}

function appliesTo(rule: IgnoreDifference, o: KubeObject): boolean {
  return (
    rule.kind === o.kind &&
    (rule.group ?? '') === groupOfApiVersion(o.apiVersion) &&
    (rule.name === undefined || rule.name === o.metadata.name) &&
    (rule.namespace === undefined || rule.namespace === o.metadata.namespace)
  );
}

/** Removes the value at an RFC 6901 JSON pointer, if present. */
export function removePointer(target: unknown, pointer: string): void {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = target;
  for (let i = 0; i < parts.length - 1; i += 1) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Record<string, unknown>)[parts[i] ?? ''];
  }
  const last = parts.at(-1);
  if (last === undefined || typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) node.splice(Number(last), 1);
  else delete (node as Record<string, unknown>)[last];
}

/** Deep equality of JSON values. Pure. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ak = Object.keys(a);
  const bk = Object.keys(b as object);
  return (
    ak.length === bk.length &&
    ak.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/**
 * True when every field the desired object sets has the same value in the live object — the
 * fields Slipway applies are all as rendered. A cheap first look before a server-side dry run. Pure.
 */
export function isSubsetOf(desired: unknown, live: unknown): boolean {
  if (typeof desired !== 'object' || desired === null) return desired === live;
  if (typeof live !== 'object' || live === null) return false;
  if (Array.isArray(desired)) {
    return (
      Array.isArray(live) &&
      desired.length === live.length &&
      desired.every((v, i) => isSubsetOf(v, live[i]))
    );
  }
  return Object.entries(desired).every(([k, v]) =>
    isSubsetOf(v, (live as Record<string, unknown>)[k]),
  );
}
