import { InputError, PreconditionError, SlipwayError } from '../errors/index.js';
import { jwtTokenType, tokenExchangeGrant } from '../identity/index.js';
import {
  credentialProviderResponse,
  parseCredentialProviderRequest,
} from './credential-provider-protocol.js';

// What `slipway credential-provider` does between its stdin and stdout: read the kubelet's
// request, exchange the pod's service-account token at Slipway, answer with the credential.

export type RegistryCredential = { readonly password: string; readonly expiresIn: number };

/** Slipway answered the exchange, and not with a credential. */
export class CredentialExchangeError extends SlipwayError {}

/** Exchanges a service-account token; rejects with the refusal Slipway gave, never the token. */
export type ExchangeServiceAccountToken = (token: string) => Promise<RegistryCredential>;

/** An exchange over HTTP (RFC 8693 form POST) at `url`. */
export function httpTokenExchange(
  url: string,
  audience: string,
  timeoutMs = 20_000,
): ExchangeServiceAccountToken {
  return async (token) => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: tokenExchangeGrant,
          subject_token_type: jwtTokenType,
          subject_token: token,
          audience,
        }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new PreconditionError(
        `cannot reach Slipway's registry token service at ${url}: ${describeFetchError(error)}`,
        { hint: 'start Slipway with `slipway up --registry-auth`', cause: error },
      );
    }
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.status !== 200) {
      const field = (name: string): string => (typeof body[name] === 'string' ? body[name] : '');
      throw new CredentialExchangeError(
        `Slipway refused the service-account token (HTTP ${res.status} ${field('error')}): ${field('error_description')}`,
        { hint: `read the registry-auth lines of the Slipway log; the exchange is POST ${url}` },
      );
    }
    const password = body['access_token'];
    const expiresIn = body['expires_in'];
    if (typeof password !== 'string' || typeof expiresIn !== 'number') {
      throw new CredentialExchangeError(`POST ${url} answered 200 without an access_token`);
    }
    return { password, expiresIn };
  };
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * One kubelet request in, one response out (as JSON text). A request without a token means the
 * provider config lacks tokenAttributes or the pod has no ServiceAccount: that is refused, since
 * a credential without an identity is exactly what this provider exists to avoid.
 */
export async function answerCredentialProviderRequest(
  requestText: string,
  exchange: ExchangeServiceAccountToken,
): Promise<string> {
  const request = parseCredentialProviderRequest(requestText);
  if (request.serviceAccountToken === undefined) {
    throw new InputError(`the kubelet sent no service-account token for image ${request.image}`, {
      hint: 'the CredentialProviderConfig needs tokenAttributes.serviceAccountTokenAudience: slipway-registry and requireServiceAccount: true',
    });
  }
  const credential = await exchange(request.serviceAccountToken);
  return JSON.stringify(
    credentialProviderResponse({
      image: request.image,
      password: credential.password,
      expiresInSeconds: credential.expiresIn,
    }),
  );
}
