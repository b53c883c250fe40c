import { clusterLayout, clusterUp, loadToolchain, registryAddress } from '../cluster/index.js';
import { waitHealthy } from '../cluster/health.js';
import { kubectl } from '../cluster/kubectl.js';
import { buildSmokeImage, imageByDigest, smokeAppManifests } from './smoke-app.js';

const namespace = 'slipway-demo';

export async function runDemo(say: (line: string) => void): Promise<void> {
  const up = await clusterUp({}, (m) => say(`cluster: ${m}`));
  say(
    up.kind === 'started'
      ? `cluster ready in ${(up.record.readyAfterMs / 1000).toFixed(1)} s`
      : 'cluster already running',
  );
  const layout = clusterLayout();
  const tools = loadToolchain(layout);
  say('building the smoke app on the Python base image with buildah');
  const image = await buildSmokeImage(registryAddress, `demo-${Date.now()}`);
  say(`pushed ${imageByDigest(image)}`);
  await kubectl(
    layout,
    tools,
    ['create', 'namespace', namespace, '--dry-run=client', '-o', 'yaml'],
    undefined,
  ).then((yaml) => kubectl(layout, tools, ['apply', '-f', '-'], yaml));
  await kubectl(
    layout,
    tools,
    ['apply', '-f', '-'],
    smokeAppManifests(namespace, imageByDigest(image)),
  );
  await kubectl(layout, tools, [
    '-n',
    namespace,
    'rollout',
    'status',
    'deployment/hello',
    '--timeout=120s',
  ]);
  const nodePort = (
    await kubectl(layout, tools, [
      '-n',
      namespace,
      'get',
      'service',
      'hello',
      '-o',
      'jsonpath={.spec.ports[0].nodePort}',
    ])
  ).trim();
  const url = `http://127.0.0.1:${nodePort}/`;
  // kube-proxy programs the NodePort a moment after the Service's endpoints appear.
  await waitHealthy({ kind: 'http', url }, 30_000);
  const body = await (await fetch(url)).text();
  say(`the app answers at ${url}: ${body.trim()}`);
  say('');
  say('Try it yourself:');
  say('  eval "$(npx slipway cluster env)"');
  say(`  kubectl -n ${namespace} get pods,svc`);
  say(`  curl ${url}`);
  say('Stop everything with: npx slipway cluster down');
}
