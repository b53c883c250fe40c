import { clusterLayout, clusterUp, loadToolchain, registryAddress } from '../cluster/index.js';
import { kubectl } from '../cluster/kubectl.js';
import { buildSmokeImage, deploySmokeApp, imageByDigest } from './smoke-app.js';

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
  const namespaceYaml = await kubectl(layout, tools, [
    'create',
    'namespace',
    namespace,
    '--dry-run=client',
    '-o',
    'yaml',
  ]);
  await kubectl(layout, tools, ['apply', '-f', '-'], namespaceYaml);
  const url = await deploySmokeApp(layout, tools, namespace, imageByDigest(image));
  const body = await (await fetch(url)).text();
  say(`the app answers at ${url}: ${body.trim()}`);
  say('');
  say('Try it yourself:');
  say('  eval "$(npx slipway cluster env)"');
  say(`  kubectl -n ${namespace} get pods,svc`);
  say(`  curl ${url}`);
  say('Stop everything with: npx slipway cluster down');
}
