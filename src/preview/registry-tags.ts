import { ExternalCommandError } from '../errors/index.js';
import { tryCommand } from '../exec/index.js';

// Removing a pull request's image tags from the registry, as pr-closed.yaml does: skopeo asks
// the registry to delete the manifest the tag names. A tag already gone is fine.

export type TagDeletion = 'deleted' | 'absent';

export type RegistryTags = {
  deleteTag(repository: string, tag: string): Promise<TagDeletion>;
};

/** Whether skopeo's output says there was nothing to delete. Pure. */
export const isMissingTag = (output: string): boolean =>
  /manifest unknown|not found|may not exist|name unknown/i.test(output);

/** Deletes with `skopeo delete --tls-verify=false docker://repository:tag`. */
export const skopeoRegistryTags: RegistryTags = {
  async deleteTag(repository, tag) {
    const ref = `docker://${repository}:${tag}`;
    const args = ['delete', '--tls-verify=false', ref];
    const result = await tryCommand('skopeo', args, { timeoutMs: 60_000 });
    if (result.code === 0) return 'deleted';
    const output = `${result.stderr}${result.stdout}`;
    if (isMissingTag(output)) return 'absent';
    throw new ExternalCommandError(`skopeo ${args.join(' ')}`, result.code, output, {
      hint: 'is the registry up and does it allow deletes? `slipway cluster status` shows it',
    });
  },
};
