import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { JobContainer, PipelineStep } from '../definition/index.js';
import { interpolate, type ExpressionContext } from '../expressions/index.js';
import { abortReason, describeAbort } from './abort-reason.js';
import { prependPath } from './command-files.js';
import { containerEnvFile, podmanArgv } from './container-command.js';
import { runProcessGroup, type ProcessOutcome } from './process-group.js';
import type { JobLayout } from './run-layout.js';
import { shellArgv, shellCommand } from './shell-command.js';
import type { StepActions, StepArtifact, StepContext, StepResult } from './step-action.js';
import type { Env } from './step-env.js';

// Runs one step that its `if` let through: a `run:` script on the host or in the job's container,
// or a `uses:` step from the registry. What it ended as is returned, never thrown.

export type StepInvocation = {
  readonly step: PipelineStep;
  /** `file:line jobs.<id>.steps[n]`, for messages. */
  readonly where: string;
  readonly container: JobContainer | undefined;
  readonly layout: JobLayout;
  /** The host variables a host process inherits (PATH among them). */
  readonly hostEnv: Readonly<Env>;
  /** Everything else the step sees: pipeline, job, step, SLIPWAY_ENV and Slipway's own. */
  readonly env: Readonly<Env>;
  /** Directories earlier steps added through SLIPWAY_PATH. */
  readonly pathAdditions: readonly string[];
  readonly context: ExpressionContext;
  readonly actions: StepActions;
  readonly secrets: Readonly<Record<string, string>>;
  readonly run: StepContext['run'];
  readonly log: (line: string) => void;
  readonly signal: AbortSignal;
  readonly killGraceMs: number;
};

export type StepOutcome = {
  readonly status: 'success' | 'failure' | 'timed-out' | 'cancelled';
  readonly exitCode?: number;
  readonly message?: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly artifacts?: readonly StepArtifact[];
  readonly processGroup?: number;
};

const containerPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export async function executeStep(invocation: StepInvocation): Promise<StepOutcome> {
  try {
    return invocation.step.action.kind === 'run'
      ? await runScript(invocation, invocation.step.action.run, invocation.step.action.shell)
      : await runAction(invocation);
  } catch (error) {
    return { status: 'failure', message: errorMessage(error), outputs: {} };
  }
}

async function runScript(
  invocation: StepInvocation,
  script: string,
  shell: string | undefined,
): Promise<StepOutcome> {
  const { step, layout } = invocation;
  const command = shellCommand(shell, invocation.where);
  const scriptPath = join(layout.files, `step-${step.index}${command.ext}`);
  await writeFile(scriptPath, interpolate(script, invocation.context) + '\n', { mode: 0o700 });
  const dir = interpolate(step.workingDirectory ?? '.', invocation.context);
  const cwd = resolve(layout.workspace, dir);
  const argv = shellArgv(command, scriptPath);
  const options = {
    signal: invocation.signal,
    onLine: invocation.log,
    killGraceMs: invocation.killGraceMs,
  };
  let outcome: ProcessOutcome;
  if (invocation.container === undefined) {
    const PATH = prependPath(invocation.pathAdditions, invocation.hostEnv['PATH']);
    const env = { ...invocation.hostEnv, ...invocation.env, PATH };
    outcome = await runProcessGroup(argv, { ...options, cwd, env });
  } else {
    outcome = await runInContainer(invocation, invocation.container, cwd, argv, options);
  }
  return processOutcome(outcome, argv[0] ?? '', invocation.signal);
}

async function runInContainer(
  invocation: StepInvocation,
  container: JobContainer,
  cwd: string,
  command: readonly string[],
  options: { signal: AbortSignal; onLine: (line: string) => void; killGraceMs: number },
): Promise<ProcessOutcome> {
  const env: Env = { ...container.env, ...invocation.env };
  if (invocation.pathAdditions.length > 0) {
    env['PATH'] = prependPath(invocation.pathAdditions, containerPath);
  }
  const file = containerEnvFile(env);
  const envFile = join(invocation.layout.files, `container-env-${invocation.step.index}`);
  await writeFile(envFile, file.text, { mode: 0o600 });
  const argv = podmanArgv({
    container,
    jobDir: invocation.layout.dir,
    workingDirectory: cwd,
    envFile,
    inheritedNames: file.inheritedNames,
    command,
  });
  // podman itself needs the host's environment; the container gets only the env file.
  const podmanEnv = { ...stringEnv(process.env), ...env };
  return runProcessGroup(argv, { ...options, cwd: invocation.layout.dir, env: podmanEnv });
}

function processOutcome(
  outcome: ProcessOutcome,
  program: string,
  signal: AbortSignal,
): StepOutcome {
  const reason = abortReason(signal);
  const base = { outputs: {}, processGroup: outcome.processGroup };
  const exitCode = outcome.exitCode ?? undefined;
  if (reason !== undefined) {
    const status = reason.kind === 'timeout' ? 'timed-out' : 'cancelled';
    return { ...base, status, exitCode, message: describeAbort(reason) };
  }
  if (outcome.startError !== undefined) {
    return {
      ...base,
      status: 'failure',
      message: `cannot start ${program}: ${outcome.startError}`,
    };
  }
  if (outcome.exitCode === 0) return { ...base, status: 'success', exitCode: 0 };
  const message =
    outcome.exitCode === null
      ? `killed by ${outcome.signal ?? 'a signal'}`
      : `exited with code ${outcome.exitCode}`;
  return { ...base, status: 'failure', exitCode, message };
}

async function runAction(invocation: StepInvocation): Promise<StepOutcome> {
  const { action } = invocation.step;
  if (action.kind === 'run') throw new Error('a run step is not an action');
  const name = action.kind === 'slipway' ? `slipway/${action.name}` : action.action;
  const implementation = invocation.actions[name];
  if (implementation === undefined) {
    return {
      status: 'failure',
      message: `step ${name} is not available in this build`,
      outputs: {},
    };
  }
  const inputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(action.with)) {
    inputs[key] = interpolate(String(value), invocation.context);
  }
  const PATH = prependPath(invocation.pathAdditions, invocation.hostEnv['PATH']);
  const context: StepContext = {
    workspace: invocation.layout.workspace,
    inputs,
    env: { ...invocation.hostEnv, ...invocation.env, PATH },
    secrets: invocation.secrets,
    run: invocation.run,
    log: invocation.log,
    signal: invocation.signal,
  };
  const result = await untilAborted(implementation(context), invocation.signal);
  const reason = abortReason(invocation.signal);
  if (result === undefined || reason !== undefined) {
    const why = reason ?? { kind: 'cancel' as const };
    const status = why.kind === 'timeout' ? 'timed-out' : 'cancelled';
    return { status, message: describeAbort(why), outputs: {} };
  }
  return {
    status: result.outcome,
    message: result.message ?? (result.outcome === 'failure' ? `${name} failed` : undefined),
    outputs: result.outputs ?? {},
    artifacts: result.artifacts,
  };
}

/** The action's result, or undefined if the signal fires first (a step that ignores it). */
function untilAborted(
  work: Promise<StepResult>,
  signal: AbortSignal,
): Promise<StepResult | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolvePromise, reject) => {
    const onAbort = (): void => resolvePromise(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolvePromise(result);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stringEnv(env: NodeJS.ProcessEnv): Env {
  const out: Env = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}
