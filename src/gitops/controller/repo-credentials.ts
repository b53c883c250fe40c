import { repoKey, type GitCredentials } from '../../git/index.js';
import type { ObjectClient } from '../../kube/index.js';
import {
  decodeSecretValue as decode,
  listTypedSecrets,
  secretTypeLabels as typeLabels,
  type SecretObject,
} from './typed-secrets.js';

/**
 * Picks the credentials for a repo from Secrets labelled as Argo CD labels them: a `repository`
 * Secret whose url is the repo, else the `repo-creds` Secret with the longest url prefix. Pure.
 */
export function credentialsFor(
  repoURL: string,
  secrets: readonly SecretObject[],
): GitCredentials | undefined {
  const want = repoKey(repoURL);
  const typed = (type: string): SecretObject[] =>
    secrets.filter((s) => typeLabels.some((l) => s.metadata.labels?.[l] === type));
  const url = (s: SecretObject): string => repoKey(decode(s.data?.['url']) ?? '');
  const exact = typed('repository').find((s) => url(s) === want);
  const prefix = typed('repo-creds')
    .filter((s) => url(s) !== '' && want.startsWith(url(s)))
    .sort((a, b) => url(b).length - url(a).length)[0];
  const chosen = exact ?? prefix;
  if (chosen === undefined) return undefined;
  const d = chosen.data ?? {};
  const creds: GitCredentials = {};
  const username = decode(d['username']);
  const password = decode(d['password']);
  const sshPrivateKey = decode(d['sshPrivateKey']);
  if (username) creds.username = username;
  if (password) creds.password = password;
  if (sshPrivateKey) creds.sshPrivateKey = sshPrivateKey;
  if (decode(d['insecure']) === 'true') creds.insecureIgnoreHostKey = true;
  return creds;
}

/** Reads the labelled Secrets from the given namespaces (the controller's, and the app's own). */
/** The labelled Secrets of the given namespaces (the controller's, and the app's own). */
export function loadRepoSecrets(
  client: ObjectClient,
  namespaces: readonly string[],
): Promise<SecretObject[]> {
  return listTypedSecrets(client, namespaces);
}
