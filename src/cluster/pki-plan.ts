import { clusterNetwork } from './network.js';

export type CertificateSpec = {
  /** File stem in the PKI folder: `<name>.crt` and `<name>.key`. */
  readonly name: string;
  readonly commonName: string;
  readonly organization?: string;
  readonly usage: 'server' | 'client' | 'both';
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
};

const apiserverDnsNames = [
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  `kubernetes.default.svc.${clusterNetwork.clusterDomain}`,
];

const client = (name: string, commonName: string, organization?: string): CertificateSpec => ({
  name,
  commonName,
  ...(organization === undefined ? {} : { organization }),
  usage: 'client',
  dnsNames: [],
  ipAddresses: [],
});

/** Every certificate the cluster needs, signed by one local CA. */
export function certificatePlan(): readonly CertificateSpec[] {
  const node = clusterNetwork.nodeName;
  return [
    {
      name: 'apiserver',
      commonName: 'kube-apiserver',
      usage: 'server',
      dnsNames: apiserverDnsNames,
      ipAddresses: ['127.0.0.1', clusterNetwork.kubernetesServiceIp, clusterNetwork.podGateway],
    },
    {
      name: 'kubelet-serving',
      commonName: `system:node:${node}`,
      organization: 'system:nodes',
      usage: 'server',
      dnsNames: [node, 'localhost'],
      ipAddresses: [clusterNetwork.nodeIp, '127.0.0.1'],
    },
    client('admin', 'slipway-admin', 'system:masters'),
    client('apiserver-kubelet-client', 'kube-apiserver-kubelet-client', 'system:masters'),
    client('controller-manager', 'system:kube-controller-manager'),
    client('scheduler', 'system:kube-scheduler'),
    client('kubelet', `system:node:${node}`, 'system:nodes'),
    client('kube-proxy', 'system:kube-proxy'),
    client('kwok', 'slipway-kwok', 'system:masters'),
  ];
}

/** The OpenSSL v3 extension section for a leaf certificate. */
export function opensslExtensions(spec: CertificateSpec): string {
  const usages = { server: 'serverAuth', client: 'clientAuth', both: 'serverAuth,clientAuth' };
  const alt = [
    ...spec.dnsNames.map((n) => `DNS:${n}`),
    ...spec.ipAddresses.map((ip) => `IP:${ip}`),
  ];
  return [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${usages[spec.usage]}`,
    ...(alt.length > 0 ? [`subjectAltName=${alt.join(',')}`] : []),
    '',
  ].join('\n');
}

export function opensslSubject(spec: CertificateSpec): string {
  const escape = (v: string): string => v.replace(/[/\\]/g, (c) => `\\${c}`);
  const org = spec.organization === undefined ? '' : `/O=${escape(spec.organization)}`;
  return `${org}/CN=${escape(spec.commonName)}`;
}
