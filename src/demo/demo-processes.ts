import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PreconditionError, StateError } from '../errors/index.js';
import { pollUntil } from '../waiting/index.js';
import { demoPorts, type DemoLayout } from './demo-layout.js';

// The demo's background processes: `slipway up` and the demo services (Git host, Slack inbox),
// started detached with their output in the demo's logs folder, recorded in demo.json so that
// `npm run demo -- --down` (or a later demo) can stop them.

export type DemoRecord = {
  readonly slipwayUrl: string;
  readonly gitUrl: string;
  readonly slackUrl: string;
  readonly token: string;
  readonly adminPassword: string;
  readonly startedAt: string;
};

const slipwayBin = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/slipway.js');

const pidsFile = (layout: DemoLayout): string => join(layout.dir, 'pids.json');

async function readPids(layout: DemoLayout): Promise<Record<string, number>> {
  try {
    return JSON.parse(await readFile(pidsFile(layout), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/** Starts `slipway ARGS` in its own process group and records its pid before anything else. */
async function spawnDetached(
  layout: DemoLayout,
  name: string,
  args: readonly string[],
  logFile: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const out = openSync(logFile, 'a');
  try {
    const child = spawn(process.execPath, [slipwayBin, ...args], {
      detached: true,
      stdio: ['ignore', out, out],
      env,
    });
    child.unref();
    if (child.pid === undefined) throw new StateError(`could not start slipway ${args.join(' ')}`);
    await writeFile(
      pidsFile(layout),
      JSON.stringify({ ...(await readPids(layout)), [name]: child.pid }),
    );
    return child.pid;
  } finally {
    closeSync(out);
  }
}

async function portFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

export async function checkDemoPorts(): Promise<void> {
  for (const [what, port] of Object.entries(demoPorts)) {
    if (!(await portFree(port))) {
      throw new PreconditionError(
        `port ${port} (the demo's ${what}) is already in use on 127.0.0.1`,
        {
          hint: 'stop what listens there (an earlier demo: npm run demo -- --down) and run the demo again',
        },
      );
    }
  }
}

async function waitAnswers(
  url: string,
  timeoutMs: number,
  what: string,
  logFile: string,
): Promise<void> {
  const ok = await pollUntil(timeoutMs, async () => {
    try {
      return (await fetch(url, { signal: AbortSignal.timeout(2000) })).status < 500
        ? true
        : undefined;
    } catch {
      return undefined;
    }
  });
  if (ok === undefined)
    throw new StateError(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`, {
      hint: `its log: ${logFile}`,
    });
}

export type StartOptions = {
  readonly env: NodeJS.ProcessEnv;
  readonly webhookSecret: string;
  readonly gitUser: string;
  readonly gitPassword: string;
};

export async function startServices(
  layout: DemoLayout,
  options: StartOptions,
): Promise<{ pid: number; gitUrl: string; slackUrl: string }> {
  const log = join(layout.logsDir, 'services.log');
  const slipwayUrl = `http://127.0.0.1:${demoPorts.slipway}`;
  const pid = await spawnDetached(
    layout,
    'services',
    ['demo', 'services', '--webhook', `${slipwayUrl}/api/webhooks/github`, '--slipway', slipwayUrl],
    log,
    {
      ...options.env,
      SLIPWAY_DEMO_WEBHOOK_SECRET: options.webhookSecret,
      SLIPWAY_DEMO_GIT_USER: options.gitUser,
      SLIPWAY_DEMO_GIT_PASSWORD: options.gitPassword,
    },
  );
  const gitUrl = `http://127.0.0.1:${demoPorts.git}`;
  await waitAnswers(`${gitUrl}/api/repos/none/pulls`, 30_000, 'the demo Git host', log);
  return {
    pid,
    gitUrl,
    slackUrl: `http://127.0.0.1:${demoPorts.slack}/services/T0DEMO/B0DEMO/slipway`,
  };
}

export async function startSlipwayUp(
  layout: DemoLayout,
  options: StartOptions,
): Promise<{ pid: number; url: string; adminPassword: string }> {
  const log = join(layout.logsDir, 'slipway.log');
  const pid = await spawnDetached(
    layout,
    'slipway',
    [
      'up',
      '--state-dir',
      layout.stateDir,
      '--port',
      String(demoPorts.slipway),
      '--pipeline-repos',
      layout.pipelineRepos,
      '--poll-interval',
      '60s',
      '--preview-ttl',
      '24h',
    ],
    log,
    { ...options.env, SLIPWAY_WEBHOOK_SECRET: options.webhookSecret },
  );
  const url = `http://127.0.0.1:${demoPorts.slipway}`;
  await waitAnswers(`${url}/readyz`, 120_000, 'slipway up', log);
  const password = /sign in as "admin" with the password (\S+)/.exec(
    await readFile(log, 'utf8'),
  )?.[1];
  if (password === undefined)
    throw new StateError(`slipway up started without printing the admin's first password`, {
      hint: `its state was not fresh; run npm run demo -- --down first (log: ${log})`,
    });
  return { pid, url, adminPassword: password };
}

export async function readDemoRecord(layout: DemoLayout): Promise<DemoRecord | undefined> {
  try {
    return JSON.parse(await readFile(layout.recordFile, 'utf8')) as DemoRecord;
  } catch {
    return undefined;
  }
}

export async function writeDemoRecord(layout: DemoLayout, record: DemoRecord): Promise<void> {
  await writeFile(layout.recordFile, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to each recorded process group, SIGKILL after 20 s; the demo folder goes after. */
export async function stopBackground(layout: DemoLayout): Promise<string[]> {
  const said: string[] = [];
  for (const [name, pid] of Object.entries(await readPids(layout))) {
    if (!alive(pid)) continue;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      process.kill(pid, 'SIGTERM');
    }
    const gone = await pollUntil(20_000, () => Promise.resolve(alive(pid) ? undefined : true), 200);
    if (gone === undefined) process.kill(-pid, 'SIGKILL');
    said.push(`stopped ${name} (pid ${pid})`);
  }
  await rm(layout.dir, { recursive: true, force: true });
  return said;
}
