import { z } from 'zod';
import { InputError } from '../errors/index.js';

// The kubelet's exec credential-provider protocol, credentialprovider.kubelet.k8s.io/v1: one
// CredentialProviderRequest JSON on stdin, one CredentialProviderResponse JSON on stdout.

export const credentialProviderApiVersion = 'credentialprovider.kubelet.k8s.io/v1';

/** The username of the credentials the plugin returns; the password is what identifies. */
export const registryCredentialUsername = 'slipway-registry-credential';

export type CredentialProviderRequest = {
  readonly image: string;
  /** The pod's service-account token (only when the provider config sets tokenAttributes). */
  readonly serviceAccountToken: string | undefined;
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
};

const requestSchema = z.object({
  apiVersion: z.literal(credentialProviderApiVersion),
  kind: z.literal('CredentialProviderRequest'),
  image: z.string().min(1),
  serviceAccountToken: z.string().optional(),
  serviceAccountAnnotations: z.record(z.string()).optional(),
});

/** Reads the kubelet's request; a wrong one is an InputError naming the field. Pure. */
export function parseCredentialProviderRequest(text: string): CredentialProviderRequest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError('stdin is not JSON: expected a CredentialProviderRequest', {
      hint: 'the kubelet runs this command; to try it by hand, pipe a request into it',
    });
  }
  const parsed = requestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `the CredentialProviderRequest field ${issue?.path.join('.') || '(root)'} is wrong: ${issue?.message ?? 'invalid'}`,
      { hint: `the provider config must say apiVersion: ${credentialProviderApiVersion}` },
    );
  }
  const { image, serviceAccountToken, serviceAccountAnnotations } = parsed.data;
  return {
    image,
    serviceAccountToken: serviceAccountToken === '' ? undefined : serviceAccountToken,
    serviceAccountAnnotations: serviceAccountAnnotations ?? {},
  };
}

/**
 * The registry host of an image reference, as the kubelet keys credentials: the first path
 * component when it looks like a host (has "." or ":", or is localhost), else Docker Hub. Pure.
 */
export function registryOfImage(image: string): string {
  const first = image.split('/')[0] ?? '';
  const isHost =
    image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return isHost ? first : 'docker.io';
}

/**
 * The answer: credentials for the image's registry, cached by the kubelet until shortly before
 * the password expires (so containerd never presents an expired one). Pure.
 */
export function credentialProviderResponse(options: {
  readonly image: string;
  readonly password: string;
  readonly expiresInSeconds: number;
}): Record<string, unknown> {
  const cacheSeconds = Math.max(0, Math.floor(options.expiresInSeconds) - 120);
  return {
    apiVersion: credentialProviderApiVersion,
    kind: 'CredentialProviderResponse',
    cacheKeyType: 'Registry',
    cacheDuration: `${cacheSeconds}s`,
    auth: {
      [registryOfImage(options.image)]: {
        username: registryCredentialUsername,
        password: options.password,
      },
    },
  };
}
