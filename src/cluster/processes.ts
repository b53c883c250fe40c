import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComponentSpec } from './component-plan.js';
import type { ClusterLayout } from './layout.js';

/** A process we started, identified by pid and its kernel start time so a reused pid is never taken for ours. */
export type RecordedProcess = { readonly pid: number; readonly startTime: string };

/** The kernel start time of a live process; undefined once it has exited (zombies included). */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that ends the command name: state is field 3, starttime field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' || fields[0] === 'X' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

export function isSameProcessAlive(record: RecordedProcess): boolean {
  return processStartTime(record.pid) === record.startTime;
}

const pidFile = (layout: ClusterLayout, name: string): string => join(layout.pidDir, `${name}.pid`);

export async function readRecord(
  layout: ClusterLayout,
  name: string,
): Promise<RecordedProcess | undefined> {
  try {
    const [pid, startTime] = (await readFile(pidFile(layout, name), 'utf8')).trim().split(' ');
    if (pid === undefined || startTime === undefined) return undefined;
    return { pid: Number(pid), startTime };
  } catch {
    return undefined;
  }
}

/** Starts a component detached from us, logging to logs/<name>.log, and records its pid. */
export async function startComponent(
  layout: ClusterLayout,
  spec: ComponentSpec,
): Promise<RecordedProcess> {
  await mkdir(layout.logDir, { recursive: true });
  await mkdir(layout.pidDir, { recursive: true });
  const log = openSync(join(layout.logDir, `${spec.name}.log`), 'a');
  try {
    const child = spawn(spec.command, [...spec.args], {
      detached: true,
      stdio: ['ignore', log, log],
      cwd: layout.stateDir,
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('spawn', () => resolve(child.pid ?? -1));
      child.once('error', reject);
    });
    child.unref();
    const record = { pid, startTime: processStartTime(pid) ?? 'gone' };
    await writeFile(pidFile(layout, spec.name), `${record.pid} ${record.startTime}\n`);
    return record;
  } finally {
    closeSync(log);
  }
}

/** Stops a recorded component: SIGTERM, then SIGKILL after the grace period. */
export async function stopComponent(
  layout: ClusterLayout,
  name: string,
  graceMs = 10_000,
): Promise<boolean> {
  const record = await readRecord(layout, name);
  let stopped = false;
  if (record !== undefined && isSameProcessAlive(record)) {
    process.kill(record.pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isSameProcessAlive(record) && Date.now() < deadline) await sleep(100);
    if (isSameProcessAlive(record)) process.kill(record.pid, 'SIGKILL');
    while (isSameProcessAlive(record)) await sleep(50);
    stopped = true;
  }
  await rm(pidFile(layout, name), { force: true });
  return stopped;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
