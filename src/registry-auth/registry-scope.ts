import { RegistryAuthError } from './registry-auth-error.js';

// The `scope` grammar of the Docker registry token protocol:
//   scope        := resourcetype [ "(" class ")" ] ":" resourcename ":" action [ "," action ]*
// A resource name may itself hold ":" (a host:port prefix), so the type ends at the first colon
// and the actions start after the last one.

export type RequestedScope = {
  /** `repository`, or `registry` for `registry:catalog:*`. */
  readonly type: string;
  /** e.g. `plugin` in `repository(plugin):…`; undefined when absent. */
  readonly resourceClass?: string;
  readonly name: string;
  readonly actions: readonly string[];
};

const typePattern = /^([a-z0-9]+)(?:\(([a-z0-9]+)\))?$/;
const maxScopes = 32;
const maxScopeLength = 512;

/** Parses one scope string. Pure; a malformed scope is a RegistryAuthError (400). */
export function parseScope(text: string): RequestedScope {
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  const bad = (why: string): RegistryAuthError =>
    new RegistryAuthError(
      'invalid_scope',
      `scope ${JSON.stringify(text.slice(0, 100))} ${why}; the form is repository:NAME:pull,push`,
    );
  if (text.length > maxScopeLength) throw bad(`is longer than ${maxScopeLength} characters`);
  if (first <= 0 || last === first) throw bad('does not have a type, a name and actions');
  const type = typePattern.exec(text.slice(0, first));
  if (type?.[1] === undefined) throw bad('has a malformed resource type');
  const name = text.slice(first + 1, last);
  const actions = text
    .slice(last + 1)
    .split(',')
    .filter((a) => a !== '');
  if (name === '') throw bad('names no resource');
  if (actions.length === 0) throw bad('names no action');
  return {
    type: type[1],
    ...(type[2] === undefined ? {} : { resourceClass: type[2] }),
    name,
    actions: [...new Set(actions)],
  };
}

/**
 * Every scope of a request: GET repeats `scope=`, the OAuth POST form joins them with spaces
 * (RFC 6749 §3.3); both may be empty (a login asks for no scope). Pure.
 */
export function parseScopes(values: readonly string[]): RequestedScope[] {
  const texts = values.flatMap((v) => v.split(' ')).filter((v) => v !== '');
  if (texts.length > maxScopes) {
    throw new RegistryAuthError('invalid_scope', `a request may name at most ${maxScopes} scopes`);
  }
  return texts.map(parseScope);
}

/** The scope string again, as logs and messages show it. Pure. */
export function formatScope(scope: RequestedScope): string {
  const type = scope.resourceClass ? `${scope.type}(${scope.resourceClass})` : scope.type;
  return `${type}:${scope.name}:${scope.actions.join(',')}`;
}
