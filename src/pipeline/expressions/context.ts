import type { ExpressionObject, ExpressionValue } from './values.js';

/** The contexts an expression can name; `github` is another name for `event`. */
export const contextNames = [
  'event',
  'github',
  'env',
  'secrets',
  'steps',
  'needs',
  'job',
  'runner',
] as const;

export type ContextName = (typeof contextNames)[number];

/** How the work so far went, for success(), failure() and cancelled(). */
export type RunStatus = {
  /** A previous step (or, for a job's `if`, a needed job) failed. */
  readonly failed: boolean;
  /** The run was cancelled. */
  readonly cancelled: boolean;
};

export type ExpressionContext = {
  readonly event?: ExpressionObject;
  readonly env?: ExpressionObject;
  readonly secrets?: ExpressionObject;
  readonly steps?: ExpressionObject;
  readonly needs?: ExpressionObject;
  readonly job?: ExpressionObject;
  readonly runner?: ExpressionObject;
  /** Defaults to nothing failed and nothing cancelled. */
  readonly status?: RunStatus;
};

/** The canonical context a name refers to (case-insensitive), or undefined for an unknown one. */
export function canonicalContext(name: string): Exclude<ContextName, 'github'> | undefined {
  const lower = name.toLowerCase();
  if (lower === 'github') return 'event';
  const found = contextNames.find((candidate) => candidate === lower);
  return found === 'github' ? 'event' : found;
}

export function contextValue(context: ExpressionContext, name: string): ExpressionValue {
  const canonical = canonicalContext(name);
  return canonical === undefined ? null : (context[canonical] ?? {});
}
