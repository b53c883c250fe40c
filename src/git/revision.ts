// Deciding what a targetRevision means, apart from running git, so the rules are testable.

/** Where the shared fetch puts the remote's HEAD (its default branch's commit). */
export const remoteHeadRef = 'refs/slipway/remote-head';

const fullSha = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/** git will not look up a commit by fewer than four hex digits. */
const abbreviatedSha = /^[0-9a-f]{4,63}$/;

/** What the user asked for, read from targetRevision alone. */
export type RevisionTarget =
  | { readonly kind: 'default-branch' }
  | { readonly kind: 'commit'; readonly sha: string }
  | { readonly kind: 'ref'; readonly ref: string }
  | { readonly kind: 'name'; readonly name: string };

/** Reads targetRevision: `HEAD`/empty, a full sha, `refs/...`, or a branch, tag or short sha. */
export function parseRevision(targetRevision: string): RevisionTarget {
  const rev = targetRevision.trim();
  if (rev === '' || rev === 'HEAD') return { kind: 'default-branch' };
  if (fullSha.test(rev.toLowerCase())) return { kind: 'commit', sha: rev.toLowerCase() };
  if (rev.startsWith('refs/')) return { kind: 'ref', ref: rev };
  return { kind: 'name', name: rev };
}

/** The mirror's refs after a fetch: full ref name → the commit it points at (tags peeled). */
export type RefTable = ReadonlyMap<string, string>;

/** Reads `git for-each-ref --format='%(refname) %(objectname) %(*objectname) %(*objecttype) %(objecttype)'`. */
export function parseRefTable(output: string): RefTable {
  const table = new Map<string, string>();
  for (const line of output.split('\n')) {
    const [ref, object, peeled, peeledType, type] = line.trim().split(' ');
    if (ref === undefined || object === undefined || ref === '') continue;
    // An annotated tag is kept only when it peels to a commit; a tag of a tree cannot be deployed.
    if (type === 'commit') table.set(ref, object);
    else if (peeledType === 'commit' && peeled !== undefined) table.set(ref, peeled);
  }
  return table;
}

/** What to do next to turn a target into a commit, given the refs the shared fetch brought. */
export type RevisionDecision =
  | { readonly kind: 'found'; readonly sha: string }
  /** A commit or ref the shared fetch does not bring: fetch it by name. */
  | { readonly kind: 'fetch-exact'; readonly what: string }
  /** No branch or tag has this name, but it may be the start of a commit's sha. */
  | { readonly kind: 'lookup-abbreviated'; readonly prefix: string }
  | { readonly kind: 'no-default-branch' }
  | { readonly kind: 'not-found' };

/**
 * A ref name git accepts and that is safe in a refspec: no wildcard, no `:`, none of the
 * characters or sequences git-check-ref-format forbids.
 */
function isPlainRefName(ref: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what git forbids
  if (/[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|\/\.|\.lock(\/|$)|[/.]$/.test(ref)) return false;
  return ref !== '@';
}

/** Refs the shared fetch keeps up to date; any other `refs/...` is fetched on demand. */
function isMirroredRef(ref: string): boolean {
  return ref.startsWith('refs/heads/') || ref.startsWith('refs/tags/');
}

/**
 * Resolves a target against the ref table. A name is tried as a branch, then a tag (the order Argo
 * CD uses; git itself prefers tags), then as an abbreviated sha.
 */
export function decideRevision(target: RevisionTarget, refs: RefTable): RevisionDecision {
  switch (target.kind) {
    case 'default-branch': {
      const sha = refs.get(remoteHeadRef);
      return sha === undefined ? { kind: 'no-default-branch' } : { kind: 'found', sha };
    }
    case 'commit':
      // Only asked once the commit is known to be missing: the shared fetch did not bring it.
      return { kind: 'fetch-exact', what: target.sha };
    case 'ref': {
      const sha = refs.get(target.ref);
      if (sha !== undefined) return { kind: 'found', sha };
      if (isMirroredRef(target.ref) || !isPlainRefName(target.ref)) return { kind: 'not-found' };
      return { kind: 'fetch-exact', what: target.ref };
    }
    case 'name': {
      const sha = refs.get(`refs/heads/${target.name}`) ?? refs.get(`refs/tags/${target.name}`);
      if (sha !== undefined) return { kind: 'found', sha };
      const prefix = target.name.toLowerCase();
      return abbreviatedSha.test(prefix)
        ? { kind: 'lookup-abbreviated', prefix }
        : { kind: 'not-found' };
    }
  }
}

/**
 * Where a commit or ref fetched on demand is kept (so gc keeps its objects). Its own namespace, so
 * a remote ref such as `refs/slipway/remote-head` cannot overwrite the mirror's bookkeeping.
 */
export function exactFetchDestination(what: string): string {
  return `refs/slipway/fetched/${what.replace(/^refs\//, '')}`;
}
