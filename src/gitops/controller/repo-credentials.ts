import type { GitCredentials } from '../../git/index.js';
import type { KubeObject, ObjectClient } from '../../kube/index.js';

const typeLabels = ['slipway.dev/secret-type', 'argocd.argoproj.io/secret-type'];

type SecretObject = KubeObject & { data?: Record<string, string> };

const decode = (v: string | undefined): string | undefined =>
  v === undefined ? undefined : Buffer.from(v, 'base64').toString('utf8');
const trimUrl = (u: string): string =>
  u
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .toLowerCase();

/**
 * Picks the credentials for a repo from Secrets labelled as Argo CD labels them: a `repository`
 * Secret whose url is the repo, else the `repo-creds` Secret with the longest url prefix. Pure.
 */
export function credentialsFor(
  repoURL: string,
  secrets: readonly SecretObject[],
): GitCredentials | undefined {
  const want = trimUrl(repoURL);
  const typed = (type: string): SecretObject[] =>
    secrets.filter((s) => typeLabels.some((l) => s.metadata.labels?.[l] === type));
  const url = (s: SecretObject): string => trimUrl(decode(s.data?.['url']) ?? '');
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
export async function loadRepoSecrets(
  client: ObjectClient,
  namespaces: readonly string[],
): Promise<SecretObject[]> {
  const out: SecretObject[] = [];
  for (const namespace of new Set(namespaces)) {
    for (const label of typeLabels) {
      const list = await client.list('v1', 'Secret', { namespace, labelSelector: label });
      out.push(...(list.items as SecretObject[]));
    }
  }
  return out;
}
