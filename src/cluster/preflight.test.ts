import { describe, expect, it } from 'vitest';
import { assessKernel, parseListeningPorts, portConflicts } from './preflight.js';
import type { ComponentSpec } from './component-plan.js';

const ss = [
  'LISTEN 0      4096       127.0.0.1:6443      0.0.0.0:*    users:(("nginx",pid=4242,fd=6))',
  'LISTEN 0      4096               *:22               *:*',
  'LISTEN 0      4096           [::1]:5000          [::]:*    users:(("python3",pid=7,fd=3))',
].join('\n');

describe('parseListeningPorts', () => {
  it('reads the port and the holding process of each listener', () => {
    expect(parseListeningPorts(ss)).toEqual([
      { port: 6443, process: 'nginx (pid 4242)' },
      { port: 22, process: 'an unknown process' },
      { port: 5000, process: 'python3 (pid 7)' },
    ]);
  });
});

describe('portConflicts', () => {
  const spec = (name: ComponentSpec['name'], ports: ComponentSpec['ports']): ComponentSpec => ({
    name,
    command: '/bin/true',
    args: [],
    health: { kind: 'socket', path: '/x' },
    ports,
  });
  it('names the component, the port and who holds it', () => {
    const conflicts = portConflicts(
      [spec('kube-apiserver', ['apiserver']), spec('etcd', ['etcdClient'])],
      parseListeningPorts(ss),
    );
    expect(conflicts).toEqual([
      { component: 'kube-apiserver', port: 6443, holder: 'nginx (pid 4242)' },
    ]);
  });
});

describe('assessKernel', () => {
  const cgroups =
    '#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t2\t1\t1\ncpu\t3\t1\t1\nmemory\t4\t1\t1\npids\t5\t1\t1\n';
  const files = (over: Record<string, string | undefined>) => (path: string) =>
    path in over
      ? over[path]
      : (
          {
            '/proc/cgroups': cgroups,
            '/proc/sys/net/bridge/bridge-nf-call-iptables': '1',
            '/proc/sys/net/netfilter/nf_conntrack_max': '262144',
            '/proc/filesystems': 'nodev\tproc\nnodev\toverlay\n',
          } as Record<string, string>
        )[path];

  it('finds nothing missing and picks overlayfs where the kernel has it', () => {
    expect(assessKernel(files({}))).toEqual({ missing: [], snapshotter: 'overlayfs' });
  });
  it('falls back to the native snapshotter without overlay', () => {
    expect(assessKernel(files({ '/proc/filesystems': 'nodev\tproc\n' })).snapshotter).toBe(
      'native',
    );
  });
  it('names bridge netfilter when /proc/sys/net/bridge is absent', () => {
    const report = assessKernel(
      files({ '/proc/sys/net/bridge/bridge-nf-call-iptables': undefined }),
    );
    expect(report.missing.join()).toMatch(/br_netfilter/);
  });
  it('names a disabled cgroup controller', () => {
    const report = assessKernel(
      files({ '/proc/cgroups': cgroups.replace('memory\t4\t1\t1', 'memory\t4\t1\t0') }),
    );
    expect(report.missing).toEqual(['the memory cgroup controller (kubelet needs it)']);
  });
});
