import { interpolate, type ExpressionContext } from '../expressions/index.js';
import type { TriggerEvent } from '../plan/index.js';

// The environment a step sees, from the bottom up: the few host variables a shell needs, the
// pipeline's `env`, the job's, what earlier steps put in SLIPWAY_ENV, the step's own, and last
// the variables Slipway sets itself, which a pipeline cannot override (as GitHub's GITHUB_*).

/**
 * Host variables a step inherits. An allow-list, because the process running Slipway may hold
 * credentials (KUBECONFIG, tokens) that a repository's scripts must not see.
 */
export const inheritedHostVariables = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'SHELL',
  'TERM',
  'PYENV_ROOT',
] as const;

export type Env = Record<string, string>;

/** The allow-listed variables of the host environment. Pure. */
export function hostEnv(env: NodeJS.ProcessEnv): Env {
  const out: Env = {};
  for (const name of inheritedHostVariables) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export type RunIdentity = {
  readonly runId: string;
  readonly event: TriggerEvent;
  readonly workspace: string;
  readonly job: string;
  readonly tempDir: string;
};

/** Variables Slipway sets for every step, with GitHub's names beside its own. Pure. */
export function builtinEnv(identity: RunIdentity): Env {
  const { event } = identity;
  const values = {
    RUN_ID: identity.runId,
    SHA: event.sha,
    REF: event.ref,
    EVENT_NAME: event.kind,
    WORKSPACE: identity.workspace,
    JOB: identity.job,
  };
  const env: Env = { CI: 'true', RUNNER_TEMP: identity.tempDir };
  for (const [name, value] of Object.entries(values)) {
    env[`SLIPWAY_${name}`] = value;
    env[`GITHUB_${name}`] = value;
  }
  env['SLIPWAY_ACTIONS'] = 'true';
  env['GITHUB_ACTIONS'] = 'true';
  return env;
}

/** Later layers win. Pure. */
export function mergeEnv(...layers: readonly (Readonly<Env> | undefined)[]): Env {
  return Object.assign({}, ...layers.filter((layer) => layer !== undefined)) as Env;
}

/**
 * Interpolates an `env:` map. Each value sees the environment merged so far (`env.X` of an
 * outer level), as GitHub does; a value cannot read its siblings.
 */
export function interpolateEnv(
  env: Readonly<Env>,
  context: ExpressionContext,
  inherited: Readonly<Env>,
): Env {
  const scoped: ExpressionContext = { ...context, env: { ...inherited } };
  const out: Env = {};
  for (const [name, value] of Object.entries(env)) out[name] = interpolate(value, scoped);
  return out;
}
