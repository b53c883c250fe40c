import { describe, expect, it } from 'vitest';
import { credentialsFor } from './repo-credentials.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const secret = (
  name: string,
  type: string,
  data: Record<string, string>,
  label = 'argocd.argoproj.io/secret-type',
) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, labels: { [label]: type } },
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
});

describe('credentialsFor', () => {
  const secrets = [
    secret('org', 'repo-creds', {
      url: 'https://git.example.com/org',
      username: 'bot',
      password: 'org-token',
    }),
    secret(
      'team',
      'repo-creds',
      { url: 'https://git.example.com/org/team', username: 'bot', password: 'team-token' },
      'slipway.dev/secret-type',
    ),
    secret('exact', 'repository', {
      url: 'https://git.example.com/org/special.git',
      password: 'special-token',
    }),
  ];
  it.each([
    ['https://git.example.com/org/special', 'special-token'],
    ['https://git.example.com/org/team/app.git', 'team-token'],
    ['https://git.example.com/org/other', 'org-token'],
  ])('%s uses %s', (url, password) => {
    expect(credentialsFor(url, secrets)?.password).toBe(password);
  });
  it('gives none for an unknown host', () => {
    expect(credentialsFor('https://elsewhere.example.com/x', secrets)).toBeUndefined();
  });
});
