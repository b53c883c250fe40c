import { createHash } from 'node:crypto';

export const podTemplateHashLabel = 'rollouts-pod-template-hash';

// Kubernetes' "safe" alphabet: no vowels or digits that could spell words or look alike.
const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** A stable JSON text: object keys sorted, so equal templates hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The pod-template hash that names a Rollout's ReplicaSet and labels its pods: the same template
 * always gives the same hash, so a controller restart finds the ReplicaSets it made. Pure.
 */
export function podTemplateHash(template: unknown): string {
  const digest = createHash('sha256').update(canonicalJson(template)).digest();
  let out = '';
  for (let i = 0; i < 10; i += 1) out += safeAlphabet[(digest[i] ?? 0) % safeAlphabet.length];
  return out;
}
