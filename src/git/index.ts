// Git access: shared bare mirrors of the repositories Applications name, revision resolution,
// and read-only trees per commit, all through the git CLI. Credentials are passed per call and
// never written down except as a short-lived 0600 SSH key file.
export { RepoCache } from './repo-cache.js';
export type { RepoCacheOptions } from './repo-cache.js';
export type { GitCredentials } from './git-auth.js';
export { GitError, gitFailureKinds } from './git-error.js';
export type { GitFailureKind } from './git-error.js';
export { repoKey, redactURL } from './repo-key.js';
