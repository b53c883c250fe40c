// For tests: applies the webhook's JSON Patch to a document the way the API server does, for the
// two operations the webhook sends (add, including `-` to append, and replace).
import type { JsonPatchOperation } from './admission-review.js';

type Container = Record<string, unknown> | unknown[];

export function applyJsonPatch<T>(document: T, operations: readonly JsonPatchOperation[]): T {
  const copy = structuredClone(document) as unknown as Container;
  for (const { op, path, value } of operations) {
    const keys = path.split('/').slice(1);
    const last = keys.pop();
    let parent: Container = copy;
    for (const key of keys) {
      const next = (parent as Record<string, unknown>)[key];
      if (typeof next !== 'object' || next === null) throw new Error(`${op} ${path}: no ${key}`);
      parent = next as Container;
    }
    if (last === undefined) throw new Error(`${op}: empty path`);
    if (Array.isArray(parent) && last === '-') parent.push(value);
    else if (op === 'replace' && !(last in parent)) throw new Error(`replace ${path}: missing`);
    else (parent as Record<string, unknown>)[last] = value;
  }
  return copy as unknown as T;
}
