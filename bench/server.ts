// Measures `slipway up`'s API server: listing 1,000 Applications with typical filters, sorts and
// pages (served from the in-memory index), and the fan-out of live events to 100 SSE clients.
// The server runs in this process beside the driver and the clients, on loopback, without the
// controllers (bench/server/api-only.ts). Needs the local cluster running. Prints a table and
// writes bench/results/server-<date>.json.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, homedir, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { installSlipway } from '../src/gitops/index.js';
import { KubeRest, ObjectClient } from '../src/kube/index.js';
import { removeNamespace } from './gitops/run-size.js';
import { startApiOnly, type ApiOnly } from './server/api-only.js';
import { appRef, createApps } from './server/bench-apps.js';
import { percentile } from './server/percentiles.js';
import { openSseClient, type SseClient } from './server/sse-clients.js';

const kubeconfig = join(homedir(), '.cache', 'slipway', 'cluster', 'kubeconfig', 'admin.yaml');
if (process.env['KUBECONFIG'] === undefined && existsSync(kubeconfig))
  process.env['KUBECONFIG'] = kubeconfig;

const appCount = Number(process.env['BENCH_APPS'] ?? '1000');
const listRequests = Number(process.env['BENCH_LIST_REQUESTS'] ?? '500');
const clientCount = Number(process.env['BENCH_SSE_CLIENTS'] ?? '100');
const eventCount = Number(process.env['BENCH_EVENTS'] ?? '50');
const anchor =
  'Argo CD: the first list of ~8,000 applications took ~35 s (argoproj/argo-cd#9575); ' +
  'target here: p95 of a filtered page of 1,000 under 200 ms';

const queries = [
  'limit=50&sort=name',
  'limit=50&sort=-syncedAt',
  'sync=OutOfSync&limit=50',
  'health=Degraded&sort=-syncedAt&limit=50',
  'q=app-04&limit=50',
  'project=team-3&health=Healthy&limit=100',
  'limit=500&sort=name',
] as const;

const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function signIn(server: ApiOnly): Promise<string> {
  const res = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: server.adminPassword }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

type ListPage = { total: number; items: unknown[]; nextCursor: string | null };

async function getList(server: ApiOnly, cookie: string, query: string): Promise<ListPage> {
  const res = await fetch(`${server.url}/api/applications?${query}`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`GET /api/applications?${query}: ${res.status}`);
  return (await res.json()) as ListPage;
}

async function benchList(server: ApiOnly, cookie: string, namespace: string) {
  const scoped = queries.map((q) => `namespace=${namespace}&${q}`);
  for (const q of scoped) await getList(server, cookie, q); // warm-up
  const byQuery = new Map<string, number[]>(scoped.map((q) => [q, []]));
  const all: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < listRequests; i += 1) {
    // Every eighth request follows the cursor of a name-sorted walk, as a reader paging on.
    const query =
      i % 8 === 7
        ? `namespace=${namespace}&limit=50&sort=name${cursor ? `&cursor=${cursor}` : ''}`
        : (scoped[i % scoped.length] ?? '');
    const t0 = performance.now();
    const page = await getList(server, cookie, query);
    const ms = performance.now() - t0;
    if (i % 8 === 7) cursor = page.nextCursor;
    all.push(ms);
    byQuery.get(query)?.push(ms);
  }
  const stats = (xs: number[]) => ({
    n: xs.length,
    p50Ms: percentile(xs, 50),
    p95Ms: percentile(xs, 95),
    p99Ms: percentile(xs, 99),
  });
  return {
    ...stats(all),
    byQuery: Object.fromEntries(
      [...byQuery].map(([q, xs]) => [q.replace(`namespace=${namespace}&`, ''), stats(xs)]),
    ),
  };
}

async function benchEvents(
  server: ApiOnly,
  cookie: string,
  client: ObjectClient,
  namespace: string,
) {
  const rssBefore = process.memoryUsage().rss;
  const clients: SseClient[] = [];
  for (let i = 0; i < clientCount; i += 1)
    clients.push(await openSseClient(server.url, cookie, 'applications'));
  await sleep(1000);
  const rssConnected = process.memoryUsage().rss;
  const perClient: number[] = [];
  const toAll: number[] = [];
  let missed = 0;
  for (let e = 0; e < eventCount; e += 1) {
    const marker = `bench-${e}-${randomBytes(4).toString('hex')}`;
    for (const c of clients) c.watch(marker);
    const t0 = performance.now();
    await client.mergePatch(
      appRef(namespace, e % appCount),
      { status: { sync: { revision: marker } } },
      'status',
    );
    const deadline = Date.now() + 10_000;
    while (clients.some((c) => c.seenAt(marker) === undefined) && Date.now() < deadline)
      await sleep(2);
    const seen = clients.map((c) => c.seenAt(marker)).filter((t) => t !== undefined);
    missed += clients.length - seen.length;
    perClient.push(...seen.map((t) => t - t0));
    toAll.push(Math.max(...seen) - t0);
  }
  const rssAfter = process.memoryUsage().rss;
  for (const c of clients) c.close();
  return {
    clients: clientCount,
    events: eventCount,
    missedDeliveries: missed,
    perClientP50Ms: percentile(perClient, 50),
    perClientP95Ms: percentile(perClient, 95),
    perClientP99Ms: percentile(perClient, 99),
    lastClientP50Ms: percentile(toAll, 50),
    lastClientP95Ms: percentile(toAll, 95),
    rssMiB: {
      beforeClients: mib(rssBefore),
      connected: mib(rssConnected),
      afterEvents: mib(rssAfter),
    },
  };
}

const client = new ObjectClient(KubeRest.fromConnection());
await installSlipway(client);
const namespace = `bench-server-${randomBytes(3).toString('hex')}`;
const stateDir = await mkdtemp(join(tmpdir(), 'slipway-bench-server-'));
let server: ApiOnly | undefined;
process.once('SIGINT', () => {
  process.stderr.write('interrupted: removing the bench namespace…\n');
  void Promise.allSettled([server?.close(), removeNamespace(client, namespace)]).finally(() =>
    process.exit(130),
  );
});
try {
  await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  process.stderr.write(`server bench: creating ${appCount} Applications in ${namespace}…\n`);
  const c0 = performance.now();
  await createApps(client, namespace, appCount);
  const createS = (performance.now() - c0) / 1000;
  server = await startApiOnly(stateDir, namespace);
  const cookie = await signIn(server);
  const s0 = performance.now();
  for (;;) {
    if (
      server.ready() &&
      (await getList(server, cookie, `namespace=${namespace}&limit=1`)).total === appCount
    )
      break;
    if (performance.now() - s0 > 120_000)
      throw new Error('the index did not list every Application in 120 s');
    await sleep(50);
  }
  const indexedS = (performance.now() - s0) / 1000;
  process.stderr.write(`server bench: ${listRequests} list requests…\n`);
  const list = await benchList(server, cookie, namespace);
  process.stderr.write(`server bench: ${clientCount} SSE clients, ${eventCount} events…\n`);
  const events = await benchEvents(server, cookie, client, namespace);

  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    anchor,
    apps: appCount,
    createAppsS: createS,
    indexListedS: indexedS,
    latencyMeasuredAs: 'client-side wall time on loopback (the server sends no timing header)',
    list,
    events,
  };
  const f = (n: number): string => n.toFixed(1).padStart(8);
  process.stdout.write(
    [
      `apps ${appCount} · created in ${createS.toFixed(1)} s · listed by the server's index in ${indexedS.toFixed(2)} s`,
      '',
      'GET /api/applications (client wall on loopback, ms)        n      p50      p95      p99',
      ...Object.entries(list.byQuery).map(
        ([q, s]) =>
          `  ${q.padEnd(52)}${String(s.n).padStart(5)}${f(s.p50Ms)}${f(s.p95Ms)}${f(s.p99Ms)}`,
      ),
      `  ${'all'.padEnd(52)}${String(list.n).padStart(5)}${f(list.p50Ms)}${f(list.p95Ms)}${f(list.p99Ms)}`,
      '',
      `SSE: ${clientCount} clients, ${eventCount} status patches (patch sent → event read by the client, ms)`,
      `  per delivery   p50 ${f(events.perClientP50Ms)}  p95 ${f(events.perClientP95Ms)}  p99 ${f(events.perClientP99Ms)}`,
      `  last client    p50 ${f(events.lastClientP50Ms)}  p95 ${f(events.lastClientP95Ms)}   missed ${events.missedDeliveries}`,
      `  RSS MiB (server + driver + clients): before ${events.rssMiB.beforeClients}, connected ${events.rssMiB.connected}, after ${events.rssMiB.afterEvents}`,
      '',
    ].join('\n'),
  );
  const dir = join(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `server-${result.date.slice(0, 10)}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`wrote ${file}\n`);
} finally {
  await server?.close();
  await removeNamespace(client, namespace);
  await rm(stateDir, { recursive: true, force: true });
}
