import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreconditionError } from '../errors/index.js';
import { decodeJwt, verificationKey, verifyJwtSignature } from '../identity/index.js';
import { decideScopes } from './registry-policy.js';
import { parseScope } from './registry-scope.js';
import {
  loadRegistryTokenSigner,
  registryTokenClaims,
  signRegistryToken,
  type RegistryTokenSigner,
} from './registry-token.js';

const dir = mkdtempSync(join(tmpdir(), 'slipway-registry-token-'));

/** A key and self-signed certificate made as `slipway cluster up` makes them. */
function makeKeyPair(name: string, algorithm: string[]): { key: string; cert: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', ...algorithm, '-nodes', '-sha256', '-days', '1'].concat([
      '-subj',
      `/CN=${name}`,
      '-keyout',
      key,
      '-out',
      cert,
    ]),
    { stdio: 'ignore' },
  );
  return { key, cert };
}

describe('registry tokens', () => {
  let signer: RegistryTokenSigner;
  let files: { key: string; cert: string };
  beforeAll(async () => {
    files = makeKeyPair('good', ['ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']);
    signer = await loadRegistryTokenSigner(files.key, files.cert);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const decisions = decideScopes(
    [{ identity: 'user:admin', repositories: 'shop/*', actions: ['pull'] }],
    'user:admin',
    [parseScope('repository:shop/web:pull,push'), parseScope('repository:bank/vault:pull')],
  );

  it('grants in `access` only what was decided, for the registry as audience', () => {
    const claims = registryTokenClaims({
      issuer: 'slipway-registry-auth',
      service: 'slipway-registry',
      subject: 'user:admin',
      decisions,
      now: 1_700_000_000,
      ttlSeconds: 300,
      jti: 'j1',
    });
    expect(claims).toEqual({
      iss: 'slipway-registry-auth',
      sub: 'user:admin',
      aud: 'slipway-registry',
      iat: 1_700_000_000,
      nbf: 1_700_000_000,
      exp: 1_700_000_300,
      jti: 'j1',
      access: [{ type: 'repository', name: 'shop/web', actions: ['pull'] }],
    });
  });

  it("signs ES256 with the certificate in x5c, verifiable with the certificate's key", () => {
    const token = signRegistryToken({ sub: 'x' }, signer);
    const jwt = decodeJwt(token);
    const x5c = (jwt.header as Record<string, unknown>)['x5c'] as string[];
    expect(jwt.header.alg).toBe('ES256');
    expect(x5c).toHaveLength(1);
    const certificate = new X509Certificate(Buffer.from(x5c[0] ?? '', 'base64'));
    expect(certificate.subject).toBe('CN=good');
    const key = verificationKey(certificate.publicKey.export({ format: 'jwk' }));
    expect(key && verifyJwtSignature(jwt, key)).toBe(true);
  });

  it('refuses a certificate that is not the key’s', async () => {
    const other = makeKeyPair('other', ['ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']);
    await expect(loadRegistryTokenSigner(files.key, other.cert)).rejects.toThrow(
      `${other.cert} is not the certificate of ${files.key}`,
    );
  });

  it('refuses a key that is not P-256', async () => {
    const rsa = makeKeyPair('rsa', ['rsa:2048']);
    await expect(loadRegistryTokenSigner(rsa.key, rsa.cert)).rejects.toThrow(
      /is not a P-256 EC key/,
    );
  });

  it('says how to make missing files', async () => {
    const error = await loadRegistryTokenSigner(join(dir, 'none.key'), join(dir, 'none.crt')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PreconditionError);
    expect((error as PreconditionError).hint).toContain('slipway cluster up');
  });
});
