import { access, appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tryCommand } from '../../../exec/index.js';
import type { StepAction, StepContext } from '../step-action.js';

// actions/setup-python: a virtual environment per requested version in the repository's cache,
// made with the host's Python, and its bin/ put in front of PATH for the job's later steps
// through SLIPWAY_PATH, as GitHub's action does through GITHUB_PATH.

const versionScript = 'import sys; print("%d.%d.%d" % sys.version_info[:3])';
/** Two jobs of one run may ask for the same version at once. */
const creating = new Map<string, Promise<void>>();

export const setupPythonAction: StepAction = async (context) => {
  const requested = context.inputs['python-version']?.trim() || '3';
  const interpreter = await findInterpreter(requested, context.env);
  if (interpreter === undefined) {
    return { outcome: 'failure', message: `no python3 on this host to make a ${requested} venv` };
  }
  if (!interpreter.version.startsWith(requested)) {
    context.log(`warning: python ${requested} is not installed; using ${interpreter.version}`);
  }
  const venv = join(context.run.cacheDir, 'setup-python', requested, 'venv');
  const pending = creating.get(venv) ?? createVenv(interpreter.command, venv, context);
  creating.set(venv, pending);
  try {
    await pending;
  } finally {
    creating.delete(venv);
  }
  const bin = join(venv, 'bin');
  await addToJob(context, bin, venv);
  context.log(`python ${interpreter.version} ready in ${venv}`);
  return {
    outcome: 'success',
    outputs: { 'python-version': interpreter.version, 'python-path': join(bin, 'python') },
  };
};

async function findInterpreter(
  requested: string,
  env: Readonly<Record<string, string>>,
): Promise<{ command: string; version: string } | undefined> {
  for (const command of [`python${requested}`, 'python3']) {
    try {
      const result = await tryCommand(command, ['-c', versionScript], { env });
      if (result.code === 0) return { command, version: result.stdout.trim() };
    } catch {
      // Not on PATH: try the next one.
    }
  }
  return undefined;
}

async function createVenv(python: string, venv: string, context: StepContext): Promise<void> {
  const ready = join(venv, '.slipway-ready');
  if (await exists(ready)) return;
  // A half-made venv (a run killed while creating it) is made again.
  await rm(venv, { recursive: true, force: true });
  await mkdir(venv, { recursive: true });
  context.log(`creating a virtual environment with ${python} in ${venv}`);
  const result = await tryCommand(python, ['-m', 'venv', venv], { env: context.env });
  if (result.code !== 0) {
    throw new Error(`${python} -m venv failed: ${(result.stderr || result.stdout).trim()}`);
  }
  await writeFile(ready, '');
}

async function addToJob(context: StepContext, bin: string, venv: string): Promise<void> {
  const pathFile = context.env['SLIPWAY_PATH'];
  const envFile = context.env['SLIPWAY_ENV'];
  if (pathFile !== undefined) await appendFile(pathFile, `${bin}\n`);
  if (envFile !== undefined) await appendFile(envFile, `VIRTUAL_ENV=${venv}\n`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
