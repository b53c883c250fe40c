import { readFile } from 'node:fs/promises';
import { PreconditionError, SlipwayError } from '../../errors/index.js';
import { checkServiceUrl, parseJson, sendHttps, type HttpsOptions } from './https-client.js';

// Where the Key Vault provider gets its Bearer tokens. The workload-identity source exchanges
// the pod's projected service-account token (a federated credential) for an Entra ID access
// token with the client-assertion grant, reading the env vars the Azure Workload Identity
// webhook injects.

export type TokenSource = {
  /** A valid access token for the resource; cached by the source as it sees fit. */
  token(): Promise<string>;
};

export const keyVaultScope = 'https://vault.azure.net/.default';
export const clientAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export type WorkloadIdentityConfig = {
  readonly clientId: string;
  readonly tenantId: string;
  /** e.g. https://login.microsoftonline.com/ */
  readonly authorityHost: string;
  /** The projected service-account token; re-read on every exchange, as kubelet rotates it. */
  readonly federatedTokenFile: string;
  readonly scope?: string;
};

const tenantPattern = /^[0-9A-Za-z][0-9A-Za-z.-]{0,99}$/;
const refreshEarlyMs = 5 * 60 * 1000;

/** Reads the Workload Identity env vars; PreconditionError naming the one that is missing. */
export function workloadIdentityFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): WorkloadIdentityConfig {
  const need = (name: string): string => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    throw new PreconditionError(
      `${name} is not set, so there is no Azure workload identity to sign in with`,
      {
        hint: 'label the pod azure.workload.identity/use: "true" and annotate its ServiceAccount with azure.workload.identity/client-id',
      },
    );
  };
  return {
    clientId: need('AZURE_CLIENT_ID'),
    tenantId: need('AZURE_TENANT_ID'),
    federatedTokenFile: need('AZURE_FEDERATED_TOKEN_FILE'),
    authorityHost: env['AZURE_AUTHORITY_HOST'] || 'https://login.microsoftonline.com/',
  };
}

type TokenAnswer = {
  access_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_description?: unknown;
};

export class WorkloadIdentityTokenSource implements TokenSource {
  private cached: { token: string; refreshAt: number } | undefined;
  private inFlight: Promise<string> | undefined;
  private readonly endpoint: URL;

  constructor(
    private readonly config: WorkloadIdentityConfig,
    private readonly options: HttpsOptions & { readonly now?: () => number } = {},
  ) {
    if (!tenantPattern.test(config.tenantId)) {
      throw new PreconditionError('AZURE_TENANT_ID is not a tenant id or domain');
    }
    const authority = checkServiceUrl(config.authorityHost, 'AZURE_AUTHORITY_HOST');
    this.endpoint = new URL(
      `${config.tenantId}/oauth2/v2.0/token`,
      authority.href.endsWith('/') ? authority : `${authority.href}/`,
    );
  }

  token(): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached !== undefined && now < this.cached.refreshAt)
      return Promise.resolve(this.cached.token);
    // Callers arriving during an exchange share it rather than each starting one.
    this.inFlight ??= this.exchange().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async exchange(): Promise<string> {
    const assertion = await this.readAssertion();
    const form = new URLSearchParams({
      client_id: this.config.clientId,
      scope: this.config.scope ?? keyVaultScope,
      grant_type: 'client_credentials',
      client_assertion_type: clientAssertionType,
      client_assertion: assertion,
    });
    const answer = await sendHttps(
      this.endpoint,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
      },
      this.options,
    );
    const body = (parseJson(answer.text) ?? {}) as TokenAnswer;
    if (answer.status !== 200 || typeof body.access_token !== 'string') {
      // Entra ID's error and description name the problem (e.g. AADSTS70021, no matching
      // federated credential); they never contain the assertion.
      const reason = typeof body.error === 'string' ? body.error : `HTTP ${answer.status}`;
      const description =
        typeof body.error_description === 'string'
          ? `: ${body.error_description.slice(0, 300)}`
          : '';
      throw new SlipwayError(
        `Entra ID refused the workload identity token exchange (${reason})${description}`,
        {
          hint: 'check the federated credential on the managed identity: issuer (the cluster OIDC URL) and subject system:serviceaccount:<namespace>:<name>',
        },
      );
    }
    const lifetimeMs =
      (typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in) || 0) * 1000;
    const now = (this.options.now ?? Date.now)();
    this.cached = {
      token: body.access_token,
      refreshAt: now + Math.max(0, lifetimeMs - refreshEarlyMs),
    };
    return body.access_token;
  }

  private async readAssertion(): Promise<string> {
    try {
      const text = (await readFile(this.config.federatedTokenFile, 'utf8')).trim();
      if (text !== '') return text;
    } catch (cause) {
      throw new PreconditionError(
        `cannot read the federated token file ${this.config.federatedTokenFile} (AZURE_FEDERATED_TOKEN_FILE)`,
        {
          hint: 'the Workload Identity webhook projects it into labelled pods; check the pod spec',
          cause,
        },
      );
    }
    throw new PreconditionError(
      `the federated token file ${this.config.federatedTokenFile} is empty`,
    );
  }
}
