import { X509Certificate } from 'node:crypto';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureServingCertificate } from './serving-certificate.js';

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'slipway-admission-')), 'admission');
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

const days = (n: number): Date => new Date(Date.now() + n * 86_400_000);

describe('ensureServingCertificate', () => {
  it('makes a CA and a certificate it signed for 127.0.0.1, with private keys kept private', async () => {
    const made = await ensureServingCertificate(dir, '127.0.0.1');
    const ca = new X509Certificate(made.caCertificate);
    const serving = new X509Certificate(made.certificate);
    expect(ca.ca).toBe(true);
    expect(serving.ca).toBe(false);
    expect(serving.verify(ca.publicKey)).toBe(true);
    expect(serving.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(serving.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
    for (const file of ['ca.key', 'serving.key']) {
      expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600);
    }
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  }, 30_000);

  it('keeps what fits, so the caBundle stays the same across restarts', async () => {
    const first = await ensureServingCertificate(dir, '127.0.0.1');
    const again = await ensureServingCertificate(dir, '127.0.0.1');
    expect(again).toEqual(first);
  }, 30_000);

  it('issues a new serving certificate, under the same CA, for another host or near its expiry', async () => {
    const first = await ensureServingCertificate(dir, '127.0.0.1');
    const named = await ensureServingCertificate(dir, 'slipway.local');
    expect(named.caCertificate).toEqual(first.caCertificate);
    expect(new X509Certificate(named.certificate).checkHost('slipway.local')).toBe('slipway.local');
    const later = await ensureServingCertificate(dir, 'slipway.local', days(340));
    expect(later.caCertificate).toEqual(first.caCertificate);
    expect(later.certificate).not.toEqual(named.certificate);
  }, 30_000);

  it('makes a new CA (and so a new caBundle) when the CA is near its expiry or unreadable', async () => {
    const first = await ensureServingCertificate(dir, '127.0.0.1');
    const renewed = await ensureServingCertificate(dir, '127.0.0.1', days(3640));
    expect(renewed.caCertificate).not.toEqual(first.caCertificate);
    await writeFile(join(dir, 'ca.crt'), 'garbage');
    const remade = await ensureServingCertificate(dir, '127.0.0.1');
    const ca = new X509Certificate(remade.caCertificate);
    expect(new X509Certificate(remade.certificate).verify(ca.publicKey)).toBe(true);
  }, 30_000);

  it('refuses to start when others may read a private key', async () => {
    await ensureServingCertificate(dir, '127.0.0.1');
    await chmod(join(dir, 'serving.key'), 0o644);
    await expect(ensureServingCertificate(dir, '127.0.0.1')).rejects.toThrow(
      `${join(dir, 'serving.key')} holds the private key of Slipway's admission webhook but others may read it (mode 644)`,
    );
  }, 30_000);
});
