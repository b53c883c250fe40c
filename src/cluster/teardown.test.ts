import { describe, expect, it } from 'vitest';
import { mountsBelow } from './teardown.js';

const mountinfo = [
  '22 1 0:21 / /proc rw,nosuid - proc proc rw',
  '100 1 0:50 / /root/.cache/slipway/cluster/kubelet/pods/a/volumes/x rw - tmpfs tmpfs rw',
  '101 1 0:51 / /root/.cache/slipway/cluster/containerd/state/io.containerd.runtime.v2.task/k8s.io/abc/rootfs rw - overlay overlay rw',
  '102 1 0:52 / /root/.cache/slipway/cluster rw - tmpfs tmpfs rw',
  '103 1 0:53 / /root/.cache/slipway/cluster-other rw - tmpfs tmpfs rw',
  '104 1 0:4 net:[4026532] /run/netns/cni-1234 rw - nsfs nsfs rw',
  '105 1 0:54 / /root/.cache/slipway/cluster/with\\040space rw - tmpfs tmpfs rw',
].join('\n');

describe('mountsBelow', () => {
  it('lists mounts under the state dir and the given netns, deepest first, never a sibling folder', () => {
    const found = mountsBelow(mountinfo, ['/root/.cache/slipway/cluster', '/run/netns/cni-1234']);
    expect(found).not.toContain('/root/.cache/slipway/cluster-other');
    expect(found).not.toContain('/proc');
    const root = found.indexOf('/root/.cache/slipway/cluster');
    expect(root).toBeGreaterThan(found.indexOf('/root/.cache/slipway/cluster/with space'));
    expect(root).toBeGreaterThan(
      found.indexOf('/root/.cache/slipway/cluster/kubelet/pods/a/volumes/x'),
    );
    expect(found).toContain('/run/netns/cni-1234');
    expect(found).toContain('/root/.cache/slipway/cluster/with space');
    expect(found[0]).toMatch(/rootfs$/);
  });
});
