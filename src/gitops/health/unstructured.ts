/**
 * Checked reads from the untyped `spec` and `status` of a live object. A field that is absent or
 * of the wrong type reads as `undefined`, never throws, so a half-written status from a
 * controller that has not caught up degrades to "not known yet" rather than a crash.
 */

export type Condition = { type: string; status?: string; reason?: string; message?: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` inside `root`, or undefined if any step is missing or not an object. */
export function nestedField(root: unknown, ...path: string[]): unknown {
  let current = root;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function nestedNumber(root: unknown, ...path: string[]): number | undefined {
  const value = nestedField(root, ...path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function nestedString(root: unknown, ...path: string[]): string | undefined {
  const value = nestedField(root, ...path);
  return typeof value === 'string' ? value : undefined;
}

export function nestedBoolean(root: unknown, ...path: string[]): boolean | undefined {
  const value = nestedField(root, ...path);
  return typeof value === 'boolean' ? value : undefined;
}

/** The array at `path`, or an empty array when it is absent or not an array. */
export function nestedArray(root: unknown, ...path: string[]): readonly unknown[] {
  const value = nestedField(root, ...path);
  return Array.isArray(value) ? (value as readonly unknown[]) : [];
}

function toCondition(value: unknown): Condition | undefined {
  const type = nestedString(value, 'type');
  if (type === undefined) return undefined;
  return {
    type,
    status: nestedString(value, 'status'),
    reason: nestedString(value, 'reason'),
    message: nestedString(value, 'message'),
  };
}

/** The first condition of `type` in `status.conditions`, as every Kubernetes controller writes them. */
export function findCondition(status: unknown, type: string): Condition | undefined {
  for (const entry of nestedArray(status, 'conditions')) {
    const condition = toCondition(entry);
    if (condition?.type === type) return condition;
  }
  return undefined;
}

/** True when `status.conditions` holds a condition of `type` whose status is "True". */
export function conditionIsTrue(status: unknown, type: string): boolean {
  return findCondition(status, type)?.status === 'True';
}
