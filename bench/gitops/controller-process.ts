import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ObjectClient } from '../../src/kube/index.js';

/** What the benchmark needs of a controller, in this process or in its own. */
export type ControllerHandle = {
  start(): void;
  stop(): void;
  refresh(namespace: string, name: string): void;
};

/**
 * The compiled `slipway controller` in its own process, as it runs for users, so its memory and
 * CPU are its own and not the benchmark driver's or tsx's. Refreshes go through the annotation.
 */
export class ControllerProcess implements ControllerHandle {
  private child: ChildProcess | undefined;

  constructor(
    private readonly driver: ObjectClient,
    private readonly namespace: string,
    private readonly concurrency: number,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'slipway.js');
    if (!existsSync(join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js'))) {
      throw new Error(
        'BENCH_CONTROLLER=process runs the compiled controller: run `npm run build` first',
      );
    }
    this.child = spawn(
      process.execPath,
      [
        bin,
        'controller',
        '--namespaces',
        this.namespace,
        '--poll-interval',
        '10m',
        '--log-level',
        'warn',
        '--concurrency',
        String(this.concurrency),
      ],
      { stdio: ['ignore', 'ignore', 'inherit'], env: process.env },
    );
  }

  stop(): void {
    this.child?.kill('SIGTERM');
  }

  refresh(namespace: string, name: string): void {
    void this.driver.mergePatch(
      { apiVersion: 'slipway.dev/v1alpha1', kind: 'Application', namespace, name },
      { metadata: { annotations: { 'slipway.dev/refresh': 'hard' } } },
    );
  }
}
