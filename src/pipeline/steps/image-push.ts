import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registryIdentityAddress, registryTokenAuth } from '../../cluster/network.js';
import type { StepAction, StepContext, StepResult } from '../run/step-action.js';
import { isDigest, parseImageRef } from './image-ref.js';
import { runLogged } from './logged-command.js';
import { tokenSubject } from './run-token-subject.js';
import { failure, requiredInput } from './step-io.js';

/**
 * Why a push failed, in a few words, from buildah's output: the network error when there is one
 * ("connection refused"), else its last error line. Pure.
 */
export function pushFailureReason(tail: readonly string[]): string {
  const text = tail.join('\n');
  const dial = /dial tcp [^\s]+: (?:connect: )?([^\n"]+)/.exec(text);
  if (dial?.[1] !== undefined) return dial[1].trim();
  const http = /(?:received unexpected HTTP status|unexpected status code)[^\n]*/i.exec(text);
  if (http !== null) return http[0].trim();
  const errorLine = [...tail].reverse().find((line) => /error/i.test(line)) ?? tail.at(-1);
  return (errorLine ?? 'buildah printed nothing').replace(/^Error:\s*/i, '').trim();
}

/**
 * The identity registry takes no stored credential: the run pushes with its own token, written
 * to an auth file (0600, in the step's scratch folder) so it is on no command line.
 */
async function identityRegistryLogin(
  context: StepContext,
  scratch: string,
): Promise<{ args: string[]; subject: string } | StepResult> {
  const mint = context.run.identityToken;
  if (mint === undefined) {
    return failure(
      `push to ${registryIdentityAddress} needs the run's own identity token, and this run has none: run the pipeline from \`slipway up\` with workload identity on`,
    );
  }
  const token = mint(registryTokenAuth.service);
  const authFile = join(scratch, 'auth.json');
  const auth = Buffer.from(`pipeline:${token}`).toString('base64');
  await writeFile(authFile, JSON.stringify({ auths: { [registryIdentityAddress]: { auth } } }), {
    mode: 0o600,
  });
  const subject = tokenSubject(token);
  context.log(
    `authenticating to ${registryIdentityAddress} as ${subject} with the run's own token`,
  );
  return { args: ['--authfile', authFile], subject };
}

export const imagePush: StepAction = async (context): Promise<StepResult> => {
  const image = requiredInput(context, 'image', 'image-push');
  const ref = parseImageRef(image);
  const scratch = await mkdtemp(join(tmpdir(), 'slipway-push-'));
  try {
    const digestFile = join(scratch, 'digest');
    const login =
      ref.registry === registryIdentityAddress
        ? await identityRegistryLogin(context, scratch)
        : { args: [], subject: undefined };
    if ('outcome' in login) return login;
    const result = await runLogged(
      'buildah',
      [
        'push',
        '--tls-verify=false',
        ...login.args,
        '--digestfile',
        digestFile,
        image,
        `docker://${image}`,
      ],
      { cwd: context.workspace, signal: context.signal, log: context.log },
    );
    if (context.signal.aborted) return failure('image push cancelled');
    if (result.code !== 0) {
      const why = `push to ${ref.registry} failed: ${pushFailureReason(result.tail)}`;
      return failure(
        login.subject === undefined
          ? why
          : `${why} (a registry policy must grant pull and push on ${ref.repository.slice(ref.registry.length + 1)} to ${login.subject})`,
      );
    }
    const digest = (await readFile(digestFile, 'utf8')).trim();
    if (!isDigest(digest)) return failure(`push to ${ref.registry} gave no digest (${digest})`);
    return { outcome: 'success', outputs: { digest, ref: `${ref.repository}@${digest}` } };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
};
