import { spawn } from 'node:child_process';
import { ExternalCommandError } from '../errors/index.js';

export type RunOptions = {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string | Buffer;
  readonly timeoutMs?: number;
  /** Shown in the error instead of the full command line (e.g. to hide a token). */
  readonly displayName?: string;
};

export type RunResult = {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
};

/** Runs a program to completion and returns what it printed, whatever its exit code. */
export function tryCommand(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  });
}

/** Runs a program and returns its stdout; a non-zero exit throws with the output's tail. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<string> {
  let result: RunResult;
  try {
    result = await tryCommand(command, args, options);
  } catch (cause) {
    throw new ExternalCommandError(options.displayName ?? command, null, String(cause), {
      hint: `check that ${command} is installed (npm run setup installs Slipway's tools)`,
      cause,
    });
  }
  if (result.code !== 0) {
    const shown = options.displayName ?? [command, ...args].join(' ');
    throw new ExternalCommandError(shown, result.code, result.stderr + result.stdout);
  }
  return result.stdout;
}
