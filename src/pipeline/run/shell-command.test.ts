import { describe, expect, it } from 'vitest';
import { shellArgv, shellCommand } from './shell-command.js';

describe('shellCommand', () => {
  it.each([
    [undefined, ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '/s.sh']],
    ['sh', ['sh', '-e', '/s.sh']],
    ['python', ['python', '/s.sh']],
    ['perl {0}', ['perl', '/s.sh']],
    ['ruby', ['ruby', '/s.sh']],
    ['pwsh', ['pwsh', '-command', ". '/s.sh'"]],
  ])('shell %s runs %j', (shell, argv) => {
    expect(shellArgv(shellCommand(shell, 'step'), '/s.sh')).toEqual(argv);
  });

  it('rejects a command line without {0}, naming the step', () => {
    expect(() => shellCommand('bash -x', 'jobs.build.steps[0]')).toThrow(
      'jobs.build.steps[0] shell: "bash -x" has no {0}',
    );
  });
});
