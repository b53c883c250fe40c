import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApplicationSource } from '../../config/index.js';
import { runCommand } from '../../exec/index.js';
import { parseManifests } from './parse-manifests.js';
import type { RenderedObject } from './rendered-object.js';

/** The `kustomize edit` commands that apply the Application's kustomize options. Pure. */
export function kustomizeEdits(source: ApplicationSource): string[][] {
  const k = source.kustomize;
  if (k === undefined) return [];
  const edits: string[][] = [];
  if (k.namePrefix) edits.push(['edit', 'set', 'nameprefix', '--', k.namePrefix]);
  if (k.nameSuffix) edits.push(['edit', 'set', 'namesuffix', '--', k.nameSuffix]);
  if (k.images && k.images.length > 0) edits.push(['edit', 'set', 'image', ...k.images]);
  const pairs = (m: Record<string, string> | undefined): string =>
    Object.entries(m ?? {})
      .map(([key, value]) => `${key}:${value}`)
      .join(',');
  if (k.commonLabels && Object.keys(k.commonLabels).length > 0) {
    edits.push(['edit', 'add', 'label', '--force', pairs(k.commonLabels)]);
  }
  if (k.commonAnnotations && Object.keys(k.commonAnnotations).length > 0) {
    edits.push(['edit', 'add', 'annotation', '--force', pairs(k.commonAnnotations)]);
  }
  return edits;
}

/**
 * `kustomize build` of the path. With options, the edits run on a private copy of the whole
 * tree (a kustomization may refer to ../base), never on the shared checkout.
 */
export async function renderKustomize(
  kustomize: string,
  root: string,
  appPath: string,
  source: ApplicationSource,
): Promise<RenderedObject[]> {
  const edits = kustomizeEdits(source);
  let workRoot = root;
  if (edits.length > 0) {
    workRoot = await mkdtemp(join(tmpdir(), 'slipway-kustomize-'));
    await cp(root, workRoot, { recursive: true });
  }
  try {
    const dir = join(workRoot, appPath);
    for (const edit of edits) await runCommand(kustomize, edit, { cwd: dir });
    const out = await runCommand(kustomize, ['build', dir], {
      displayName: `kustomize build ${appPath}`,
    });
    return parseManifests(out, `kustomize build ${appPath || '.'}`);
  } finally {
    if (workRoot !== root) await rm(workRoot, { recursive: true, force: true });
  }
}
