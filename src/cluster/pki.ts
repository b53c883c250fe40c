import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from '../exec/index.js';
import type { ClusterLayout } from './layout.js';
import { certificatePlan, opensslExtensions, opensslSubject } from './pki-plan.js';

const validDays = '3650';

/** Creates the CA, every leaf certificate and the service-account key pair; keeps what exists. */
export async function ensurePki(layout: ClusterLayout): Promise<void> {
  const dir = layout.pkiDir;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca = { crt: join(dir, 'ca.crt'), key: join(dir, 'ca.key') };
  if (!existsSync(ca.crt)) {
    await runCommand('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      validDays,
      '-subj',
      '/CN=slipway-local-ca',
      '-keyout',
      ca.key,
      '-out',
      ca.crt,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    ]);
  }
  for (const spec of certificatePlan()) {
    const crt = join(dir, `${spec.name}.crt`);
    if (existsSync(crt)) continue;
    const key = join(dir, `${spec.name}.key`);
    const csr = join(dir, `${spec.name}.csr`);
    const ext = join(dir, `${spec.name}.ext`);
    await writeFile(ext, opensslExtensions(spec));
    await runCommand('openssl', [
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-subj',
      opensslSubject(spec),
      '-keyout',
      key,
      '-out',
      csr,
    ]);
    await runCommand('openssl', [
      'x509',
      '-req',
      '-sha256',
      '-days',
      validDays,
      '-in',
      csr,
      '-CA',
      ca.crt,
      '-CAkey',
      ca.key,
      '-CAcreateserial',
      '-extfile',
      ext,
      '-out',
      crt,
    ]);
    await rm(csr);
    await rm(ext);
  }
  const saKey = join(dir, 'service-account.key');
  if (!existsSync(saKey)) {
    await runCommand('openssl', [
      'genpkey',
      '-algorithm',
      'RSA',
      '-pkeyopt',
      'rsa_keygen_bits:2048',
      '-out',
      saKey,
    ]);
    await runCommand('openssl', [
      'pkey',
      '-in',
      saKey,
      '-pubout',
      '-out',
      join(dir, 'service-account.pub'),
    ]);
  }
  await ensureRegistryTokenKey(layout);
}

/**
 * The key Slipway signs registry tokens with, and its self-signed certificate, which is the
 * identity registry's whole `rootcertbundle`. ES256: distribution verifies it as libtrust does.
 */
async function ensureRegistryTokenKey(layout: ClusterLayout): Promise<void> {
  const { keyFile, certificateFile } = registryTokenKeyFiles(layout);
  if (existsSync(certificateFile) && existsSync(keyFile)) return;
  await runCommand('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-sha256',
    '-days',
    validDays,
    '-subj',
    '/CN=slipway-registry-token',
    '-keyout',
    keyFile,
    '-out',
    certificateFile,
  ]);
}

/** The registry-token signing key (PKCS#8 PEM, 0600) and its certificate (PEM). */
export function registryTokenKeyFiles(layout: ClusterLayout): {
  readonly keyFile: string;
  readonly certificateFile: string;
} {
  return {
    keyFile: join(layout.pkiDir, 'registry-token.key'),
    certificateFile: join(layout.pkiDir, 'registry-token.crt'),
  };
}

export function pkiFile(layout: ClusterLayout, file: string): string {
  return join(layout.pkiDir, file);
}
