import { describe, expect, it } from 'vitest';
import { connectionFromKubeconfig } from './connection.js';

const files: Record<string, string> = {
  '/k/pki/ca.crt': 'CA',
  '/k/pki/admin.crt': 'CERT',
  '/k/pki/admin.key': 'KEY',
  '/tok': 'tkn\n',
};
const read = (p: string): Buffer => {
  const v = files[p];
  if (v === undefined) throw new Error(`no ${p}`);
  return Buffer.from(v);
};

const kubeconfig = `
apiVersion: v1
kind: Config
current-context: local
contexts:
- name: local
  context: {cluster: c, user: admin, namespace: cats}
- name: other
  context: {cluster: c, user: bot}
clusters:
- name: c
  cluster: {server: 'https://127.0.0.1:6443', certificate-authority: pki/ca.crt}
users:
- name: admin
  user: {client-certificate: /k/pki/admin.crt, client-key-data: ${Buffer.from('KEY').toString('base64')}}
- name: bot
  user: {tokenFile: /tok}
`;

describe('connectionFromKubeconfig', () => {
  it('reads the current context: server, CA relative to the file, client certificate, namespace', () => {
    const c = connectionFromKubeconfig(kubeconfig, '/k/admin.yaml', read);
    expect(c.server).toBe('https://127.0.0.1:6443');
    expect(c.ca?.toString()).toBe('CA');
    expect(c.cert?.toString()).toBe('CERT');
    expect(c.key?.toString()).toBe('KEY');
    expect(c.namespace).toBe('cats');
  });

  it('reads a token file', () => {
    const c = connectionFromKubeconfig(
      kubeconfig.replace('current-context: local', 'current-context: other'),
      '/k/admin.yaml',
      read,
    );
    expect(c.token).toBe('tkn');
  });

  it('names a missing current context and an exec plugin it will not run', () => {
    expect(() =>
      connectionFromKubeconfig(
        kubeconfig.replace('current-context: local', 'current-context: gone'),
        '/k/x.yaml',
        read,
      ),
    ).toThrow('/k/x.yaml: no current-context named "gone"');
    const exec = kubeconfig
      .replace('{tokenFile: /tok}', '{exec: {command: aws}}')
      .replace('current-context: local', 'current-context: other');
    expect(() => connectionFromKubeconfig(exec, '/k/x.yaml', read)).toThrow(
      'user "bot" uses an exec or auth-provider plugin',
    );
  });
});
