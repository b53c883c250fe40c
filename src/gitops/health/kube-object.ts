/**
 * The few fields of a Kubernetes object that health assessment reads. `spec` and `status` stay
 * `unknown` on purpose: live objects come from many API versions and CRDs, so every read of them
 * goes through the checked readers in `unstructured.ts`.
 */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    namespace?: string;
    generation?: number;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    deletionTimestamp?: string;
  };
  spec?: unknown;
  status?: unknown;
};

/** The API group of an apiVersion: `apps/v1` → `apps`, core `v1` → `''`. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
