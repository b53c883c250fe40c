import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { StateError } from '../errors/index.js';
import { runCommand } from '../exec/index.js';

// The admission listener's TLS: a CA of Slipway's own in its state dir (its certificate is the
// webhook's caBundle) and a serving certificate for the listener's address, both made with
// openssl as the cluster PKI is. Slipway never needs the cluster's CA key for this.

export type ServingCertificate = {
  readonly caCertificate: Buffer;
  readonly certificate: Buffer;
  readonly key: Buffer;
};

const renewWithinMs = 30 * 86_400_000;
const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256'];

type Pair = { readonly crt: string; readonly key: string };

async function readPair(pair: Pair): Promise<{ cert: X509Certificate; pem: Buffer } | undefined> {
  try {
    const pem = await readFile(pair.crt);
    const cert = new X509Certificate(pem);
    if (!cert.checkPrivateKey(createPrivateKey(await readFile(pair.key)))) return undefined;
    return { cert, pem };
  } catch {
    return undefined; // absent or unreadable: made anew
  }
}

/** Private keys must be readable by their owner only, as ssh insists of its keys. */
async function refuseOpenKey(file: string): Promise<void> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch {
    return;
  }
  if ((mode & 0o077) !== 0) {
    throw new StateError(
      `${file} holds the private key of Slipway's admission webhook but others may read it (mode ${(mode & 0o777).toString(8)})`,
      { hint: `delete ${file} (Slipway makes a new one at start), or chmod 600 it` },
    );
  }
}

const lastsPast = (cert: X509Certificate, now: Date): boolean =>
  new Date(cert.validTo).getTime() - now.getTime() > renewWithinMs &&
  new Date(cert.validFrom).getTime() <= now.getTime();

const names = (host: string, cert: X509Certificate): boolean =>
  (isIP(host) ? cert.checkIP(host) : cert.checkHost(host)) !== undefined;

async function makeCa(ca: Pair): Promise<void> {
  await runCommand('openssl', [
    'req',
    '-x509',
    ...ecKey,
    '-days',
    '3650',
    '-subj',
    '/CN=slipway-admission-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    ca.key,
    '-out',
    ca.crt,
  ]);
  await chmod(ca.key, 0o600);
}

async function issueServing(dir: string, ca: Pair, serving: Pair, host: string): Promise<void> {
  const csr = join(dir, 'serving.csr');
  const ext = join(dir, 'serving.ext');
  const san = isIP(host) ? `IP:${host}` : `DNS:${host}`;
  await writeFile(
    ext,
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n' +
      `extendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`,
  );
  try {
    const subject = ['-subj', '/CN=slipway-admission'];
    await runCommand('openssl', [
      'req',
      '-new',
      ...ecKey,
      ...subject,
      '-keyout',
      serving.key,
      '-out',
      csr,
    ]);
    await chmod(serving.key, 0o600);
    const serial = `0x${randomBytes(16).toString('hex')}`;
    const signer = ['-CA', ca.crt, '-CAkey', ca.key, '-set_serial', serial];
    await runCommand('openssl', [
      'x509',
      '-req',
      '-sha256',
      '-days',
      '365',
      '-in',
      csr,
      ...signer,
      '-extfile',
      ext,
      '-out',
      serving.crt,
    ]);
  } finally {
    await rm(csr, { force: true });
    await rm(ext, { force: true });
  }
}

/**
 * The CA and the serving certificate for `host` in `dir` (0700; keys 0600), made when missing and
 * made anew when they no longer fit: under 30 days left, another host, or a serving certificate
 * the CA did not sign. A new CA means a new caBundle, which `slipway up` applies at every start.
 */
export async function ensureServingCertificate(
  dir: string,
  host: string,
  now: Date = new Date(),
): Promise<ServingCertificate> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca = { crt: join(dir, 'ca.crt'), key: join(dir, 'ca.key') };
  const serving = { crt: join(dir, 'serving.crt'), key: join(dir, 'serving.key') };
  await refuseOpenKey(ca.key);
  await refuseOpenKey(serving.key);
  let caPair = await readPair(ca);
  if (caPair === undefined || !caPair.cert.ca || !lastsPast(caPair.cert, now)) {
    await makeCa(ca);
    caPair = await readPair(ca);
  }
  if (caPair === undefined) throw new StateError(`${ca.crt}: openssl made no usable CA`);
  const current = await readPair(serving);
  const fits =
    current !== undefined &&
    current.cert.checkIssued(caPair.cert) &&
    current.cert.verify(caPair.cert.publicKey) &&
    lastsPast(current.cert, now) &&
    names(host, current.cert);
  if (!fits) await issueServing(dir, ca, serving, host);
  return {
    caCertificate: caPair.pem,
    certificate: await readFile(serving.crt),
    key: await readFile(serving.key),
  };
}
