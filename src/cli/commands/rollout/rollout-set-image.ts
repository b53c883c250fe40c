import { InputError } from '../../../errors/index.js';
import { imagePatch, jsonPatchRollout, type ImageChange } from '../../../rollout/actions/index.js';
import type { Command } from '../../command.js';
import {
  getRollout,
  gitOpsNote,
  namespaceOptions,
  rolloutContext,
  rolloutName,
} from './rollout-context.js';

const usage = 'slipway rollout set image NAME CONTAINER=IMAGE [CONTAINER=IMAGE ...] [-n NAMESPACE]';

export const rolloutSetImageCommand: Command = {
  path: ['rollout', 'set', 'image'],
  summary: "change a container's image in a Rollout's pod template, which starts a canary",
  usage,
  options: namespaceOptions,
  positionals: { min: 2, max: 50 },
  async run(values, io, positionals) {
    const name = rolloutName(positionals, usage);
    const images = parseImageArgs(positionals.slice(1));
    const ctx = await rolloutContext(values);
    const rollout = await getRollout(ctx, name);
    await jsonPatchRollout(ctx, name, imagePatch(rollout, images));
    io.out(
      `rollout "${name}" image updated: ${images.map((i) => `${i.container}=${i.image}`).join(', ')}`,
    );
    const note = gitOpsNote(rollout, 'the image');
    if (note) io.err(note);
    return 0;
  },
};

/** `CONTAINER=IMAGE` arguments, each with both sides. Pure. */
export function parseImageArgs(args: readonly string[]): ImageChange[] {
  if (args.length === 0) {
    throw new InputError('which image? the CONTAINER=IMAGE argument is missing', {
      hint: `usage: ${usage}`,
    });
  }
  return args.map((arg) => {
    const eq = arg.indexOf('=');
    const container = eq > 0 ? arg.slice(0, eq).trim() : '';
    const image = eq > 0 ? arg.slice(eq + 1).trim() : '';
    if (container === '' || image === '' || /\s/.test(image)) {
      throw new InputError(`"${arg}" is not CONTAINER=IMAGE`, {
        hint: 'name the container and its new image, e.g. `app=registry.example/app:1.2.3`',
      });
    }
    return { container, image };
  });
}
