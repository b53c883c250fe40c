import {
  AuthenticationError,
  AuthenticationRequiredError,
  CredentialUnavailableError,
} from '@azure/identity';
import { isRestError } from '@azure/keyvault-secrets';
import { SlipwayError, type SlipwayErrorOptions } from '../../errors/index.js';

// Turns what the Azure SDK throws into Slipway errors that name the vault, the operation and the
// secret, say what to do, and carry no secret value. The SDK's errors are never kept as `cause`:
// they hold the request, whose body on a write is the value.

/** Key Vault or Entra ID refused a request, or could not be reached (`status` undefined). */
export class KeyVaultError extends SlipwayError {
  readonly status: number | undefined;
  /** Key Vault's or Entra ID's error code, e.g. Forbidden, invalid_client, ECONNREFUSED. */
  readonly code: string | undefined;

  constructor(
    message: string,
    details: { readonly status: number | undefined; readonly code: string | undefined },
    options: SlipwayErrorOptions = {},
  ) {
    super(message, options);
    this.status = details.status;
    this.code = details.code;
  }
}

/** One provider operation, as named in error messages. */
export type KeyVaultCall = {
  readonly vault: URL;
  /** What was being done, e.g. `read secret db-password`. */
  readonly action: string;
  /** The value being written, so no message can carry it. */
  readonly value?: string;
};

const roleHint =
  'give the workload identity a Key Vault role on this vault (Key Vault Secrets User to read, Key Vault Secrets Officer to write) or an access policy';
const federationHint =
  'check the federated credential on the managed identity or app: issuer (the cluster OIDC URL), subject system:serviceaccount:<namespace>:<name>, audience api://AzureADTokenExchange';

/** A service's message made safe to show: one line, short, and without the value. */
function shown(text: string, call: KeyVaultCall): string {
  let line = text.replace(/\s+/g, ' ').trim();
  // Short values would blank out ordinary words; a value that short cannot meaningfully leak.
  if (call.value !== undefined && call.value.length >= 4)
    line = line.split(call.value).join('[value]');
  return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}

/** Key Vault's inner error code (ForbiddenByRbac, AccessDenied…), when it sent one. */
function innerCode(details: unknown): string | undefined {
  const error = (details as { error?: { innerError?: { code?: unknown } } } | undefined)?.error;
  const code = error?.innerError?.code;
  return typeof code === 'string' ? code : undefined;
}

function fromRestError(
  error: { statusCode?: number; code?: string; message: string; details?: unknown },
  call: KeyVaultCall,
): KeyVaultError {
  const host = call.vault.host;
  const status = error.statusCode;
  const code = error.code;
  const message = shown(error.message, call);
  if (status === undefined) {
    return new KeyVaultError(
      `cannot reach Key Vault ${host} to ${call.action}: ${message}`,
      { status, code },
      {
        hint: "check vaultUrl, DNS, and the network path to the vault (firewall, private endpoint); a TLS error means the vault's certificate is not trusted",
      },
    );
  }
  const codes = [code, innerCode(error.details)].filter((c) => c !== undefined).join('/');
  if (status === 401 || status === 403) {
    return new KeyVaultError(
      `Key Vault ${host} refused to let this identity ${call.action} (${status} ${codes}): ${message}`,
      { status, code },
      {
        hint:
          status === 403
            ? roleHint
            : `${roleHint}; check that the vault belongs to the identity's tenant`,
      },
    );
  }
  return new KeyVaultError(
    `Key Vault ${host} answered ${status} (${codes || 'no error code'}) when asked to ${call.action}: ${message}`,
    { status, code },
  );
}

/** Entra ID's answer inside an identity error: its own error, or MSAL's ServerError as cause. */
function entraIdAnswer(
  error: Error,
): { status: number | undefined; code: string; description: string } | undefined {
  if (error instanceof AuthenticationError) {
    const { error: code, errorDescription } = error.errorResponse;
    return { status: error.statusCode, code, description: errorDescription };
  }
  const cause = error.cause as { errorCode?: unknown; errorMessage?: unknown; status?: unknown };
  if (typeof cause !== 'object' || cause === null || typeof cause.errorCode !== 'string') {
    return undefined;
  }
  const text = typeof cause.errorMessage === 'string' ? cause.errorMessage : '';
  // MSAL wraps Entra ID's description in its own framing; the AADSTS sentence is what helps.
  const sentence = /AADSTS\d+:.*?(?= Trace ID:| - |$)/.exec(text)?.[0];
  return {
    status: typeof cause.status === 'number' ? cause.status : undefined,
    code: cause.errorCode,
    description: sentence ?? text,
  };
}

function fromSignInError(error: Error, call: KeyVaultCall): KeyVaultError {
  const where = `cannot ${call.action} in Key Vault ${call.vault.host}:`;
  const answer = entraIdAnswer(error);
  if (answer !== undefined) {
    const status = answer.status === undefined ? '' : `${answer.status} `;
    return new KeyVaultError(
      `${where} Entra ID refused the workload identity sign-in (${status}${answer.code}): ${shown(answer.description, call)}`,
      { status: answer.status, code: answer.code },
      { hint: federationHint },
    );
  }
  return new KeyVaultError(
    `${where} the workload identity could not sign in to Entra ID (${error.name}): ${shown(error.message, call)}`,
    { status: undefined, code: error.name },
    {
      hint: `check AZURE_AUTHORITY_HOST is reachable and AZURE_FEDERATED_TOKEN_FILE readable; ${federationHint}`,
    },
  );
}

/** What to throw for `error`, raised by the SDK during `call`. */
export function keyVaultFailure(error: unknown, call: KeyVaultCall): Error {
  if (error instanceof SlipwayError) return error;
  if (isRestError(error)) return fromRestError(error, call);
  if (
    error instanceof AuthenticationError ||
    error instanceof CredentialUnavailableError ||
    error instanceof AuthenticationRequiredError
  ) {
    return fromSignInError(error, call);
  }
  const name = error instanceof Error ? error.name : 'error';
  const message = error instanceof Error ? `: ${shown(error.message, call)}` : '';
  return new KeyVaultError(
    `cannot ${call.action} in Key Vault ${call.vault.host} (${name})${message}`,
    {
      status: undefined,
      code: name,
    },
  );
}
