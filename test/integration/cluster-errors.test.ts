import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { clusterStatus } from '../../src/cluster/index.js';
import { processStartTime } from '../../src/cluster/processes.js';

/** Runs the CLI in-process against a second, separate state dir (SLIPWAY_CLUSTER_DIR). */
async function cliIn(stateDir: string, ...argv: string[]) {
  const before = process.env['SLIPWAY_CLUSTER_DIR'];
  process.env['SLIPWAY_CLUSTER_DIR'] = stateDir;
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    if (before === undefined) delete process.env['SLIPWAY_CLUSTER_DIR'];
    else process.env['SLIPWAY_CLUSTER_DIR'] = before;
  }
}

describe('cluster up and down in bad states', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('refuses to start when its ports are taken, naming each port, its component and holder', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'slipway-second-'));
    dirs.push(stateDir);
    // The suite's cluster holds every port, so a second cluster must refuse, not half-start.
    const { code, err } = await cliIn(stateDir, 'cluster', 'up');
    expect(code).toBe(1);
    expect(err).toMatch(/port 6443 \(kube-apiserver\) is in use by kube-apiserver \(pid \d+\)/);
    expect(err).toMatch(/port 5000 \(registry\) is in use by docker-registry \(pid \d+\)/);
    expect(err).toContain('slipway cluster down');
    expect(existsSync(join(stateDir, 'pids'))).toBe(false);
  });

  it('reports a half-started cluster, and `down` stops what is left without touching another cluster', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'slipway-half-'));
    dirs.push(stateDir);
    const leftover = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    leftover.unref();
    const pid = leftover.pid ?? -1;
    await mkdir(join(stateDir, 'pids'));
    await writeFile(join(stateDir, 'pids', 'etcd.pid'), `${pid} ${processStartTime(pid)}\n`);

    const up = await cliIn(stateDir, 'cluster', 'up');
    expect(up.code).toBe(1);
    expect(up.err).toContain(
      'a previous cluster is half-started: running etcd; not running registry',
    );
    expect(up.err).toContain('run `slipway cluster down`');

    const down = await cliIn(stateDir, 'cluster', 'down');
    expect(down.code).toBe(0);
    expect(down.out).toContain('Stopped: etcd.');
    expect(processStartTime(pid)).toBeUndefined();
    expect(existsSync(stateDir)).toBe(false);

    const again = await cliIn(stateDir, 'cluster', 'down');
    expect(again.code).toBe(0);
    expect(again.out).toContain('No cluster process was running.');

    const suite = await clusterStatus();
    expect(suite.condition.kind).toBe('running');
    expect(suite.components.every((c) => c.healthy)).toBe(true);
  });
});
