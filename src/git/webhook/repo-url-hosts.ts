/** A remote's host and path after host-specific aliases are folded into one spelling. */
export type CanonicalRemote = {
  readonly host: string;
  readonly path: string;
  readonly keepPort: boolean;
};

// SSH-over-443 endpoints that serve the same repositories as the main host.
const sshAliases: Readonly<Record<string, string>> = {
  'ssh.github.com': 'github.com',
  'altssh.gitlab.com': 'gitlab.com',
  'altssh.bitbucket.org': 'bitbucket.org',
};

const azureSshHosts = new Set(['ssh.dev.azure.com', 'vs-ssh.visualstudio.com']);

/**
 * Folds host-specific spellings of one repository together. Azure DevOps serves
 * `dev.azure.com/{org}/{project}/_git/{repo}` also as `ssh.dev.azure.com:v3/{org}/{project}/{repo}`
 * and, on legacy hosts, `{org}.visualstudio.com/[DefaultCollection/]{project}/_git/{repo}`.
 * Host and path arrive lower-cased.
 */
export function canonicalRemote(host: string, path: string): CanonicalRemote {
  const alias = sshAliases[host];
  if (alias !== undefined) return { host: alias, path, keepPort: false };
  if (azureSshHosts.has(host)) return azureSsh(host, path);
  if (host.endsWith('.visualstudio.com')) return visualStudio(host, path);
  return { host, path, keepPort: true };
}

function azureSsh(host: string, path: string): CanonicalRemote {
  const match = /^\/v3\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (match === null) return { host, path, keepPort: true };
  const [, org, project, repo] = match;
  return { host: 'dev.azure.com', path: `/${org}/${project}/_git/${repo}`, keepPort: false };
}

function visualStudio(host: string, path: string): CanonicalRemote {
  const org = host.slice(0, -'.visualstudio.com'.length);
  if (org === '' || org.includes('.') || !path.includes('/_git/'))
    return { host, path, keepPort: true };
  const rest = path.replace(/^\/defaultcollection(?=\/)/, '');
  return { host: 'dev.azure.com', path: `/${org}${rest}`, keepPort: false };
}
