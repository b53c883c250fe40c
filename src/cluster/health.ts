import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HealthProbe } from './component-plan.js';
import { sleep } from './processes.js';

export type HealthResult = { readonly healthy: boolean; readonly detail: string };

/** One look at a component's health endpoint. Never throws. */
export async function probe(health: HealthProbe): Promise<HealthResult> {
  if (health.kind === 'socket') {
    return existsSync(health.path)
      ? { healthy: true, detail: `socket ${health.path}` }
      : { healthy: false, detail: `no socket at ${health.path}` };
  }
  return new Promise((resolve) => {
    const url = new URL(health.url);
    const options = {
      timeout: 2000,
      ...(health.kind === 'https'
        ? health.caFile === undefined
          ? { rejectUnauthorized: false }
          : { ca: readFileSync(health.caFile) }
        : {}),
    };
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, options, (res) => {
      res.resume();
      const status = res.statusCode ?? 500;
      const ok =
        health.kind === 'http' && health.expectStatus !== undefined
          ? status === health.expectStatus
          : status < 400;
      resolve({ healthy: ok, detail: `${health.url} → ${res.statusCode}` });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => resolve({ healthy: false, detail: `${health.url} → ${e.message}` }));
    req.end();
  });
}

/** Polls until healthy or the deadline; returns the last result. */
export async function waitHealthy(health: HealthProbe, timeoutMs: number): Promise<HealthResult> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe(health);
  while (!last.healthy && Date.now() < deadline) {
    await sleep(200);
    last = await probe(health);
  }
  return last;
}
