import { createPrivateKey, randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PreconditionError } from '../errors/index.js';
import { signEs256JwtWithHeader, type JwtClaims } from '../identity/index.js';
import type { ScopeDecision } from './registry-policy.js';

// The bearer token the registry itself checks (distribution's token auth): iss, aud (the
// registry's `service`), a short life, and `access` listing what was granted. It is signed with
// the key whose self-signed certificate is the registry's `rootcertbundle`, and names that key by
// `x5c`, which distribution 2.x and 3.x both verify against the bundle.

export type RegistryAccess = {
  readonly type: string;
  readonly name: string;
  readonly actions: readonly string[];
};

export type RegistryTokenRequest = {
  readonly issuer: string;
  readonly service: string;
  readonly subject: string;
  readonly decisions: readonly ScopeDecision[];
  /** Seconds since the epoch. */
  readonly now: number;
  readonly ttlSeconds: number;
  readonly jti?: string;
};

/** Registry tokens live this long; clients ask again per pull, so short is cheap. */
export const registryTokenTtlSeconds = 300;

/** The claims of a registry token; resources with nothing granted are left out. Pure. */
export function registryTokenClaims(request: RegistryTokenRequest): JwtClaims {
  const access: RegistryAccess[] = request.decisions
    .filter((d) => d.granted.length > 0)
    .map((d) => ({ type: d.scope.type, name: d.scope.name, actions: [...d.granted] }));
  return {
    iss: request.issuer,
    sub: request.subject,
    aud: request.service,
    iat: request.now,
    // distribution allows 60 s of skew on nbf; starting now keeps a slow clock from refusing it.
    nbf: request.now,
    exp: request.now + request.ttlSeconds,
    jti: request.jti ?? randomUUID(),
    access,
  };
}

export type RegistryTokenSigner = {
  readonly privateKey: KeyObject;
  /** The certificate's DER, for the `x5c` header. */
  readonly certificateDer: Buffer;
};

export function signRegistryToken(claims: JwtClaims, signer: RegistryTokenSigner): string {
  return signEs256JwtWithHeader(
    { x5c: [signer.certificateDer.toString('base64')] },
    claims,
    signer.privateKey,
  );
}

/**
 * Reads the signing key and its certificate (made by `slipway cluster up` in the cluster's PKI
 * folder) and checks they belong together and are P-256: a mismatch would make every token fail
 * at the registry with nothing but "invalid token" in its log.
 */
export async function loadRegistryTokenSigner(
  keyFile: string,
  certificateFile: string,
): Promise<RegistryTokenSigner> {
  let privateKey: KeyObject;
  let certificate: X509Certificate;
  try {
    privateKey = createPrivateKey(await readFile(keyFile));
    certificate = new X509Certificate(await readFile(certificateFile));
  } catch (error) {
    throw new PreconditionError(
      `cannot read the registry token key ${keyFile} or its certificate ${certificateFile}: ${
        error instanceof Error ? error.message : String(error)
      }`,
      {
        hint: 'run `slipway cluster up`, which makes them in the cluster PKI folder',
        cause: error,
      },
    );
  }
  const curve = privateKey.asymmetricKeyDetails?.namedCurve;
  if (privateKey.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    throw new PreconditionError(
      `${keyFile} is not a P-256 EC key (it is ${privateKey.asymmetricKeyType ?? '?'} ${curve ?? ''})`,
      { hint: 'delete it and its certificate, then run `slipway cluster up` to make new ones' },
    );
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new PreconditionError(`${certificateFile} is not the certificate of ${keyFile}`, {
      hint: 'delete both, then run `slipway cluster down && slipway cluster up` to make new ones',
    });
  }
  return { privateKey, certificateDer: certificate.raw };
}
