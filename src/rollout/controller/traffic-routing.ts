import type { KubeObject } from '../../kube/index.js';
import { ownerReference } from './rollout-objects.js';

// Traffic routers: the weight the state machine decided, written where the router reads it.

export const defaultNginxAnnotationPrefix = 'nginx.ingress.kubernetes.io';

type Backend = { service?: { name?: string } };
type IngressPath = { backend?: Backend };
type IngressRule = { host?: string; http?: { paths?: IngressPath[] } };
type IngressSpec = { ingressClassName?: string; rules?: IngressRule[]; tls?: unknown[] };

export function canaryIngressName(rollout: string, stableIngress: string): string {
  return `${rollout}-${stableIngress}-canary`.slice(0, 253);
}

/**
 * The canary Ingress ingress-nginx expects beside the stable one: the same hosts and paths, the
 * canary Service as backend, and the canary-weight annotation. Undefined (with a reason) when the
 * stable Ingress never routes to the stable Service. Pure.
 */
export function nginxCanaryIngress(
  rollout: KubeObject,
  stable: KubeObject,
  services: { readonly stable: string; readonly canary: string },
  weight: number,
  options: {
    annotationPrefix?: string;
    additionalIngressAnnotations?: Record<string, string>;
  } = {},
): { ingress: KubeObject } | { problem: string } {
  const spec = (stable['spec'] ?? {}) as IngressSpec;
  const rules = (spec.rules ?? [])
    .map((rule) => ({
      ...rule,
      http: {
        paths: (rule.http?.paths ?? [])
          .filter((p) => p.backend?.service?.name === services.stable)
          .map((p) => ({
            ...p,
            backend: { service: { ...p.backend?.service, name: services.canary } },
          })),
      },
    }))
    .filter((rule) => rule.http.paths.length > 0);
  if (rules.length === 0) {
    return {
      problem: `Ingress "${stable.metadata.name}" has no path whose backend is the stableService "${services.stable}"`,
    };
  }
  const prefix = options.annotationPrefix ?? defaultNginxAnnotationPrefix;
  const extra = Object.fromEntries(
    Object.entries(options.additionalIngressAnnotations ?? {}).map(([k, v]) => [
      `${prefix}/${k}`,
      v,
    ]),
  );
  return {
    ingress: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: canaryIngressName(rollout.metadata.name, stable.metadata.name),
        namespace: stable.metadata.namespace ?? 'default',
        annotations: {
          ...extra,
          [`${prefix}/canary`]: 'true',
          [`${prefix}/canary-weight`]: String(weight),
        },
        ownerReferences: [ownerReference(rollout)],
      },
      spec: {
        ...(spec.ingressClassName ? { ingressClassName: spec.ingressClassName } : {}),
        rules,
      },
    },
  };
}

type BackendRef = { name?: string; weight?: number; [key: string]: unknown };
type RouteRule = { backendRefs?: BackendRef[]; [key: string]: unknown };

/**
 * The HTTPRoute's rules with the stable and canary backends weighted `100 - weight` and
 * `weight`. Every rule that sends to the stable Service must also list the canary one. Pure.
 */
export function weightedRouteRules(
  route: KubeObject,
  services: { readonly stable: string; readonly canary: string },
  weight: number,
): { rules: RouteRule[] } | { problem: string } {
  const rules = ((route['spec'] as { rules?: RouteRule[] } | undefined)?.rules ?? []).map((r) => ({
    ...r,
  }));
  let routed = 0;
  for (const rule of rules) {
    const refs = rule.backendRefs ?? [];
    const stable = refs.some((b) => b.name === services.stable);
    if (!stable) continue;
    if (!refs.some((b) => b.name === services.canary)) {
      return {
        problem: `HTTPRoute "${route.metadata.name}" has a rule sending to "${services.stable}" without a backendRef to the canaryService "${services.canary}"; add it (weight 0)`,
      };
    }
    routed += 1;
    rule.backendRefs = refs.map((b) =>
      b.name === services.stable
        ? { ...b, weight: 100 - weight }
        : b.name === services.canary
          ? { ...b, weight }
          : b,
    );
  }
  if (routed === 0) {
    return {
      problem: `HTTPRoute "${route.metadata.name}" has no rule with a backendRef to the stableService "${services.stable}"`,
    };
  }
  return { rules };
}
