import { registryTokenAuth } from '../../cluster/network.js';
import { InputError } from '../../errors/index.js';
import {
  answerCredentialProviderRequest,
  httpTokenExchange,
} from '../../registry-auth/credential-exchange-client.js';
import type { Command } from '../command.js';

const maxRequestBytes = 1024 * 1024;

async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > maxRequestBytes) {
      throw new InputError('stdin holds more than 1 MiB: not a CredentialProviderRequest');
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const credentialProviderCommand: Command = {
  path: ['credential-provider'],
  summary:
    "the kubelet's image credential provider for the identity registry: exchanges the pod's service-account token at Slipway for a pull credential (CredentialProviderRequest on stdin, response on stdout)",
  usage: 'slipway credential-provider [--exchange-url http://127.0.0.1:5002/exchange]',
  options: {
    'exchange-url': { type: 'string' },
  },
  async run(values, io) {
    const url =
      typeof values['exchange-url'] === 'string'
        ? values['exchange-url']
        : registryTokenAuth.exchangeUrl;
    // Errors leave through runCli to stderr (the kubelet logs them); stdout carries only JSON.
    const answer = await answerCredentialProviderRequest(
      await readStdin(),
      httpTokenExchange(url, registryTokenAuth.service),
    );
    io.out(answer);
    return 0;
  },
};
