// The compiled `slipway controller --controllers rollouts` in its own process, as users run it,
// so its CPU and memory are its own; its log (JSON lines on stdout) is counted, not printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '..', '..');

export type ControllerLog = { warnings: number; firstWarnings: string[] };

export class RolloutsControllerProcess {
  readonly log: ControllerLog = { warnings: 0, firstWarnings: [] };
  private child: ChildProcess | undefined;

  constructor(
    private readonly namespace: string,
    private readonly concurrency: number | undefined,
  ) {}

  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error('the rollouts controller is not running');
    return pid;
  }

  start(): void {
    if (!existsSync(join(root, 'dist', 'cli', 'main.js')))
      throw new Error('the benchmark runs the compiled controller: run `npm run build` first');
    const args = [
      join(root, 'bin', 'slipway.js'),
      'controller',
      '--controllers',
      'rollouts',
      '--namespaces',
      this.namespace,
      '--log-level',
      'warn',
      ...(this.concurrency === undefined ? [] : ['--concurrency', String(this.concurrency)]),
    ];
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    createInterface({ input: child.stdout }).on('line', (line) => this.count(line));
    this.child = child;
  }

  /** SIGTERM, then waits for the process to leave (5 s at most, then SIGKILL). */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  private count(line: string): void {
    let level = 0;
    try {
      level = (JSON.parse(line) as { level?: number }).level ?? 0;
    } catch {
      level = 50; // not pino's JSON: something printed outside the logger
    }
    if (level < 40) return;
    this.log.warnings += 1;
    if (this.log.firstWarnings.length < 5) this.log.firstWarnings.push(line.slice(0, 600));
  }
}

/** VmHWM: the process's peak resident set since it started, in MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? '0') / 1024;
}
