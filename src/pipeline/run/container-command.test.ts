import { describe, expect, it } from 'vitest';
import { containerEnvFile, podmanArgv } from './container-command.js';

describe('podmanArgv', () => {
  it('mounts the job folder at the same path and runs the step command in the image', () => {
    const argv = podmanArgv({
      container: { image: '127.0.0.1:5000/base/python:3.11', env: {}, options: '--cpus 1' },
      jobDir: '/runs/r1/jobs/test',
      workingDirectory: '/runs/r1/jobs/test/workspace/app',
      envFile: '/runs/r1/jobs/test/files/env-0',
      inheritedNames: ['CERT'],
      command: ['bash', '/runs/r1/jobs/test/files/step-0.sh'],
    });
    expect(argv).toEqual([
      'podman',
      'run',
      '--rm',
      '--network',
      'host',
      '--tls-verify=false',
      '--ulimit',
      'nofile=16384:16384',
      '--ulimit',
      'nproc=32768:32768',
      '-v',
      '/runs/r1/jobs/test:/runs/r1/jobs/test',
      '-w',
      '/runs/r1/jobs/test/workspace/app',
      '--env-file',
      '/runs/r1/jobs/test/files/env-0',
      '-e',
      'CERT',
      '--cpus',
      '1',
      '127.0.0.1:5000/base/python:3.11',
      'bash',
      '/runs/r1/jobs/test/files/step-0.sh',
    ]);
  });

  it('writes single-line values to the env file and passes multi-line ones by name', () => {
    expect(containerEnvFile({ A: '1', CERT: 'a\nb' })).toEqual({
      text: 'A=1\n',
      inheritedNames: ['CERT'],
    });
  });
});
