import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../../src/exec/index.js';

/** A real OpenSSH server on 127.0.0.1 that accepts one generated key, for git over ssh:// in tests. */
export class SshGitServer {
  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly clientKey: string,
    private readonly sshd: ChildProcess,
  ) {}

  static async start(): Promise<SshGitServer> {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-sshd-'));
    await chmod(dir, 0o700);
    await runCommand('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
    await runCommand('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-f',
      join(dir, 'client_key'),
    ]);
    await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'client_key.pub')));
    await chmod(join(dir, 'authorized_keys'), 0o600);
    const port = await freePort();
    await writeFile(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        '',
      ].join('\n'),
    );
    // sshd insists on its privilege-separation folder, which only its service unit creates.
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
    const sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], {
      stdio: 'ignore',
    });
    await waitForPort(port);
    return new SshGitServer(dir, port, await readFile(join(dir, 'client_key'), 'utf8'), sshd);
  }

  /** A valid private key that the server does not accept. */
  static async strangerKey(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-stranger-'));
    try {
      await runCommand('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'key')]);
      return await readFile(join(dir, 'key'), 'utf8');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  url(repoDir: string): string {
    return `ssh://root@127.0.0.1:${this.port}${repoDir}`;
  }

  async stop(): Promise<void> {
    this.sshd.kill('SIGTERM');
    await rm(this.dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createServer().listen(port, '127.0.0.1');
      socket.on('listening', () => socket.close(() => resolve(false)));
      socket.on('error', () => resolve(true));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port}`);
}
