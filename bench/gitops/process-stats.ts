// Memory and CPU of this process, its git children and the control plane (kube-apiserver, etcd)
// read from /proc, and a sampler that keeps every reading and the peaks.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const clockTicksPerSecond = 100; // USER_HZ on Linux
const mib = 1024 * 1024;

/** The pids of kube-apiserver and etcd, from the cluster's pid files (first field). */
export function controlPlanePids(): { apiserver: number; etcd: number } {
  const dir = join(process.env['SLIPWAY_CACHE'] ?? join(homedir(), '.cache', 'slipway'), 'cluster');
  const pid = (name: string): number => {
    const text = readFileSync(join(dir, 'pids', `${name}.pid`), 'utf8');
    const value = Number(text.trim().split(/\s+/)[0]);
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${dir}/pids/${name}.pid does not start with a pid; is the cluster up?`);
    return value;
  };
  return { apiserver: pid('kube-apiserver'), etcd: pid('etcd') };
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? '0') / 1024;
}

/** utime, stime, cutime, cstime of a process, in seconds (fields 14–17 of /proc/<pid>/stat). */
function statTimes(pid: number | 'self'): [number, number, number, number] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const at = (n: number): number => Number(fields[n - 3] ?? '0') / clockTicksPerSecond;
  return [at(14), at(15), at(16), at(17)];
}

/** CPU seconds used so far by a process (user + system). */
export function cpuSeconds(pid: number): number {
  const [user, system] = statTimes(pid);
  return user + system;
}

/** CPU seconds of a process's finished children (for a controller apart: its git commands). */
export function childCpuSecondsOf(pid: number): number {
  const [, , user, system] = statTimes(pid);
  return user + system;
}

/** CPU seconds of this process's finished children (the git commands the engine runs). */
export function childCpuSeconds(): number {
  const [, , user, system] = statTimes('self');
  return user + system;
}

/** CPU seconds of this process (the controller and the benchmark driver). */
export function selfCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** One reading: ms since the sampler started, then RSS MiB of this process, apiserver, etcd. */
export type RssSample = [number, number, number, number];

export class RssSampler {
  readonly samples: RssSample[] = [];
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pids: { apiserver: number; etcd: number },
    intervalMs = 100,
    /** The controller's own process when it runs apart; this process otherwise. */
    private readonly controllerPid?: number,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  /** Peak RSS of this process, and peak of apiserver + etcd together, over samples since `fromMs`. */
  peaks(fromMs = 0): { selfMiB: number; controlPlaneMiB: number } {
    const of = this.samples.filter(([t]) => t >= fromMs);
    return {
      selfMiB: Math.max(...of.map((s) => s[1])),
      controlPlaneMiB: Math.max(...of.map((s) => s[2] + s[3])),
    };
  }

  get elapsedMs(): number {
    return performance.now() - this.started;
  }

  private sample(): void {
    const round = (x: number): number => Math.round(x * 10) / 10;
    this.samples.push([
      Math.round(this.elapsedMs),
      round(
        this.controllerPid === undefined
          ? process.memoryUsage.rss() / mib
          : rssMiB(this.controllerPid),
      ),
      round(rssMiB(this.pids.apiserver)),
      round(rssMiB(this.pids.etcd)),
    ]);
  }
}
