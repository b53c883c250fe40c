import type { ApiToken } from '../../auth/index.js';
import type { Command } from '../command.js';
import { configuredServerClient } from '../server-client.js';

export const tokenCreateCommand: Command = {
  path: ['token', 'create'],
  summary: 'create an API token for automation on the signed-in server; the secret is shown once',
  usage: 'slipway token create NAME',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(_values, io, positionals) {
    const client = configuredServerClient();
    const { body } = await client.request<{ token?: ApiToken; id?: string; secret: string }>(
      'POST',
      '/api/tokens',
      { body: { name: positionals[0] } },
    );
    const id = body.token?.id ?? body.id ?? '?';
    io.out(
      `token "${positionals[0] ?? ''}" created (id ${id}); copy it now, it is not shown again:`,
    );
    io.out(body.secret);
    return 0;
  },
};

export const tokenListCommand: Command = {
  path: ['token', 'list'],
  summary: 'list your API tokens on the signed-in server',
  usage: 'slipway token list',
  options: {},
  async run(_values, io) {
    const client = configuredServerClient();
    const { body } = await client.request<ApiToken[] | { items: ApiToken[] }>('GET', '/api/tokens');
    const tokens = Array.isArray(body) ? body : body.items;
    io.out(tokenTable(tokens));
    return 0;
  },
};

export const tokenRevokeCommand: Command = {
  path: ['token', 'revoke'],
  summary: 'revoke one of your API tokens by id (see `slipway token list`)',
  usage: 'slipway token revoke ID',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(_values, io, positionals) {
    const id = positionals[0] ?? '';
    await configuredServerClient().request('DELETE', `/api/tokens/${encodeURIComponent(id)}`);
    io.out(`token ${id} revoked`);
    return 0;
  },
};

/** Tokens as aligned columns. Pure. */
export function tokenTable(tokens: readonly ApiToken[]): string {
  if (tokens.length === 0) return 'no tokens';
  const rows = [
    ['ID', 'NAME', 'CREATED', 'LAST USED'],
    ...tokens.map((t) => [t.id, t.name, t.createdAt, t.lastUsedAt ?? 'never']),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
