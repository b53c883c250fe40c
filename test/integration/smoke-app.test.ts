import { describe, expect, it } from 'vitest';
import { registryAddress } from '../../src/cluster/index.js';
import { buildSmokeImage, imageByDigest, smokeAppManifests } from '../../src/demo/index.js';
import { kubectl, useNamespace, waitFor } from './support/cluster.js';

describe('an app built on the Python base image', () => {
  const ns = useNamespace('smoke');

  it('runs on the real node and answers through its Service from the host', async () => {
    const image = await buildSmokeImage(registryAddress, `test-${Date.now()}`);
    expect(image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    await kubectl(['apply', '-f', '-'], smokeAppManifests(ns.name, imageByDigest(image)));
    await kubectl(['-n', ns.name, 'rollout', 'status', 'deployment/hello', '--timeout=180s']);

    const pod = JSON.parse(await kubectl(['-n', ns.name, 'get', 'pods', '-o', 'json'])) as {
      items: {
        metadata: { name: string };
        spec: { nodeName: string };
        status: { containerStatuses: { imageID: string }[] };
      }[];
    };
    const running = pod.items[0];
    expect(running?.spec.nodeName).toBe('slipway-node');
    expect(running?.status.containerStatuses[0]?.imageID).toContain(image.digest);

    const nodePort = (
      await kubectl([
        '-n',
        ns.name,
        'get',
        'service',
        'hello',
        '-o',
        'jsonpath={.spec.ports[0].nodePort}',
      ])
    ).trim();
    const body = await waitFor('the NodePort to answer', 30_000, async () => {
      const res = await fetch(`http://127.0.0.1:${nodePort}/`);
      return res.ok ? res.text() : undefined;
    });
    expect(body).toBe(`hello from slipway on ${running?.metadata.name}\n`);
  });
});
