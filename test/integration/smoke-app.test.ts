import { describe, expect, it } from 'vitest';
import { registryAddress } from '../../src/cluster/index.js';
import { buildSmokeImage, deploySmokeApp, imageByDigest } from '../../src/demo/index.js';
import { kubectl, layout, tools, useNamespace } from './support/cluster.js';

type PodList = {
  items: {
    metadata: { name: string };
    spec: { nodeName: string };
    status: { containerStatuses: { imageID: string }[] };
  }[];
};

describe('an app built on the Python base image', () => {
  const ns = useNamespace('smoke');

  it('runs on the real node and answers through its Service from the host', async () => {
    const image = await buildSmokeImage(registryAddress, `test-${Date.now()}`);
    expect(image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const url = await deploySmokeApp(layout, tools, ns.name, imageByDigest(image));
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    const pods = JSON.parse(await kubectl(['-n', ns.name, 'get', 'pods', '-o', 'json'])) as PodList;
    const running = pods.items[0];
    expect(running?.spec.nodeName).toBe('slipway-node');
    expect(running?.status.containerStatuses[0]?.imageID).toContain(image.digest);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(`hello from slipway on ${running?.metadata.name}\n`);
  });
});
