import { spawn } from 'node:child_process';
import { PreconditionError } from '../../errors/index.js';

export type LoggedResult = {
  readonly code: number | null;
  readonly stdout: string;
  /** The last lines of stdout and stderr together, for failure messages. */
  readonly tail: readonly string[];
};

export type LoggedOptions = {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  readonly tailLines?: number;
};

/**
 * Runs a long tool (buildah) streaming its output line by line into the step log, and kills it
 * when the step is cancelled; `runCommand` would only show the output at the end.
 */
export function runLogged(
  command: string,
  args: readonly string[],
  options: LoggedOptions = {},
): Promise<LoggedResult> {
  const keep = options.tailLines ?? 12;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const stdout: Buffer[] = [];
    const tail: string[] = [];
    const onLines = (pending: { text: string }, chunk: string): void => {
      const lines = (pending.text + chunk).split('\n');
      pending.text = lines.pop() ?? '';
      for (const line of lines) record(line);
    };
    const record = (line: string): void => {
      const clean = line.replace(/\r/g, '').trimEnd();
      if (clean === '') return;
      options.log?.(clean);
      tail.push(clean);
      if (tail.length > keep) tail.shift();
    };
    const out = { text: '' };
    const err = { text: '' };
    child.stdout.on('data', (b: Buffer) => {
      stdout.push(b);
      onLines(out, b.toString('utf8'));
    });
    child.stderr.on('data', (b: Buffer) => onLines(err, b.toString('utf8')));
    child.on('error', (cause: Error) => {
      if (cause.name === 'AbortError') return;
      reject(
        new PreconditionError(`cannot run ${command}: ${cause.message}`, {
          hint: `install ${command} (npm run setup installs Slipway's tools)`,
          cause,
        }),
      );
    });
    child.on('close', (code) => {
      record(out.text);
      record(err.text);
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), tail });
    });
  });
}
