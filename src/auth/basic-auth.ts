// HTTP Basic credentials (RFC 7617), as git, registry clients and API callers send them.

export type BasicCredentials = { readonly username: string; readonly password: string };

/** `Authorization: Basic …` → username and password; undefined for any other header. Pure. */
export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
