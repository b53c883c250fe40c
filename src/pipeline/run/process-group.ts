import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

// A step's process runs as the leader of its own process group, so a timeout or a cancel
// can end everything the script started (a `sleep`, a server in the background), not only the
// shell: SIGTERM to the group, then SIGKILL after a grace period.

export type ProcessOptions = {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Each line of stdout and stderr, as it comes. */
  readonly onLine: (line: string) => void;
  /** Ends the process group when it fires. */
  readonly signal: AbortSignal;
  /** Between SIGTERM and SIGKILL; 5 s when absent. */
  readonly killGraceMs?: number;
};

export type ProcessOutcome = {
  /** null when a signal ended it or it could not start. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why it could not start (the program is missing), if so. */
  readonly startError?: string;
  /** The process group, for killing what the step left behind when the job ends. */
  readonly processGroup: number | undefined;
};

/** Kills a process group if it still exists. */
export function killProcessGroup(group: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-group, signal);
  } catch {
    // The group is already gone.
  }
}

export function runProcessGroup(
  argv: readonly string[],
  options: ProcessOptions,
): Promise<ProcessOutcome> {
  const [command = '', ...args] = argv;
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (signal: NodeJS.Signals): void => {
      if (child.pid !== undefined) killProcessGroup(child.pid, signal);
    };
    const onAbort = (): void => {
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 5000);
      killTimer.unref();
    };
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
    const flushers = [child.stdout, child.stderr].map((stream) =>
      splitLines(stream, options.onLine),
    );
    let done = false;
    const finish = (outcome: Omit<ProcessOutcome, 'processGroup'>): void => {
      if (done) return;
      done = true;
      options.signal.removeEventListener('abort', onAbort);
      if (killTimer !== undefined) clearTimeout(killTimer);
      for (const flush of flushers) flush();
      resolve({ ...outcome, processGroup: child.pid });
    };
    child.on('error', (error) =>
      finish({ exitCode: null, signal: null, startError: error.message }),
    );
    child.on('close', (exitCode, signal) => finish({ exitCode, signal }));
    // A background process may hold stdout open: the step ends when its shell exits.
    child.on('exit', (exitCode, signal) => {
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish({ exitCode, signal });
      }, 300).unref();
    });
  });
}

/** Calls onLine per complete line; the returned function emits the last partial line. */
function splitLines(stream: Readable, onLine: (line: string) => void): () => void {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (rest + decoder.write(chunk)).split(/\r?\n/);
    rest = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  return () => {
    const last = rest + decoder.end();
    rest = '';
    if (last !== '') onLine(last);
  };
}
