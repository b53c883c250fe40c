import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepAction, StepResult } from '../run/step-action.js';
import { isDigest, parseImageRef } from './image-ref.js';
import { runLogged } from './logged-command.js';
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

export const imagePush: StepAction = async (context): Promise<StepResult> => {
  const image = requiredInput(context, 'image', 'image-push');
  const ref = parseImageRef(image);
  const scratch = await mkdtemp(join(tmpdir(), 'slipway-push-'));
  try {
    const digestFile = join(scratch, 'digest');
    const result = await runLogged(
      'buildah',
      ['push', '--tls-verify=false', '--digestfile', digestFile, image, `docker://${image}`],
      { cwd: context.workspace, signal: context.signal, log: context.log },
    );
    if (context.signal.aborted) return failure('image push cancelled');
    if (result.code !== 0) {
      return failure(`push to ${ref.registry} failed: ${pushFailureReason(result.tail)}`);
    }
    const digest = (await readFile(digestFile, 'utf8')).trim();
    if (!isDigest(digest)) return failure(`push to ${ref.registry} gave no digest (${digest})`);
    return { outcome: 'success', outputs: { digest, ref: `${ref.repository}@${digest}` } };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
};
