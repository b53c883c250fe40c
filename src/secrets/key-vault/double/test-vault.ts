import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyVaultSecretProvider, keyVaultApiVersion } from '../key-vault-provider.js';
import { workloadIdentityCredential, workloadIdentityFromEnv } from '../workload-identity.js';
import {
  startKeyVaultDouble,
  type KeyVaultDouble,
  type KeyVaultDoubleOptions,
} from './key-vault-double.js';
import { makeThrowawayTls, type ThrowawayTls } from './throwaway-tls.js';

// What the tests share: a provider wired as in production (SDK client, workload-identity
// credential from the webhook's variables) against a fresh double, trusting the double's CA.

export const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const clientId = '00000000-0000-0000-0000-00000000c11e';
export const federatedToken = 'eyJhbGciOiJSUzI1NiJ9.projected-service-account-token.sig';

let tls: ThrowawayTls | undefined;
/** One throwaway CA and certificate per test file: openssl takes a moment. */
export const testTls = (): ThrowawayTls => (tls ??= makeThrowawayTls());

export type TestVault = {
  readonly double: KeyVaultDouble;
  readonly vault: KeyVaultSecretProvider;
  /** The webhook's variables for this double, with the token file written. */
  readonly env: NodeJS.ProcessEnv;
};

export type TestVaultOptions = Partial<
  Pick<KeyVaultDoubleOptions, 'nextLinkOrigin' | 'pageSize'>
> & {
  /** What the pod's projected token file holds; the double expects `federatedToken`. */
  readonly projectedToken?: string;
  /** Trust the double's CA (default true). */
  readonly trusted?: boolean;
  /** Overrides of the webhook's variables, e.g. another token file. */
  readonly env?: NodeJS.ProcessEnv;
  /** Another vault URL than the double's, e.g. one nothing listens on. */
  readonly vaultUrl?: string;
  /** The SDK's check of the challenge's resource; off by default, as 127.0.0.1 fails it. */
  readonly verifyChallengeResource?: boolean;
};

const open: KeyVaultDouble[] = [];

/** For afterEach: stops every double started since the last call. */
export async function closeTestVaults(): Promise<void> {
  await Promise.all(open.splice(0).map((d) => d.close()));
}

export function webhookEnv(
  authorityHost: string,
  projectedToken = federatedToken,
): NodeJS.ProcessEnv {
  const file = join(mkdtempSync(join(tmpdir(), 'slipway-wi-')), 'azure-identity-token');
  writeFileSync(file, `${projectedToken}\n`);
  return {
    AZURE_CLIENT_ID: clientId,
    AZURE_TENANT_ID: tenantId,
    AZURE_FEDERATED_TOKEN_FILE: file,
    AZURE_AUTHORITY_HOST: `${authorityHost}/`,
  };
}

export async function openTestVault(options: TestVaultOptions = {}): Promise<TestVault> {
  const { key, cert, ca } = testTls();
  const double = await startKeyVaultDouble({
    tenantId,
    clientId,
    federatedToken,
    tls: { key, cert },
    apiVersion: keyVaultApiVersion,
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    ...(options.nextLinkOrigin === undefined ? {} : { nextLinkOrigin: options.nextLinkOrigin }),
  });
  open.push(double);
  const env = { ...webhookEnv(double.authorityHost, options.projectedToken), ...options.env };
  // No retries: a refused connection should fail the test at once, not after back-off.
  const connection = { ...(options.trusted === false ? {} : { extraCa: ca }), maxRetries: 0 };
  const vault = new KeyVaultSecretProvider({
    vaultUrl: options.vaultUrl ?? double.url,
    credential: workloadIdentityCredential(workloadIdentityFromEnv(env), connection),
    verifyChallengeResource: options.verifyChallengeResource ?? false,
    ...connection,
  });
  return { double, vault, env };
}

/** The error a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
