import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ApplicationSource } from '../../config/index.js';
import { matchesGlob } from './glob.js';
import { parseManifests } from './parse-manifests.js';
import type { RenderedObject } from './rendered-object.js';

const manifestFile = /\.(ya?ml|json)$/;

/** Plain YAML/JSON files in the path (recursively if asked), filtered by include/exclude globs. */
export async function renderDirectory(
  root: string,
  appPath: string,
  source: ApplicationSource,
): Promise<RenderedObject[]> {
  const dir = join(root, appPath);
  const files = await listFiles(dir, source.directory?.recurse === true);
  const include = source.directory?.include;
  const exclude = source.directory?.exclude;
  const chosen = files
    .map((f) => relative(dir, f))
    .filter((rel) => manifestFile.test(rel))
    .filter((rel) => (include ? matchesGlob(rel, include) : true))
    .filter((rel) => (exclude ? !matchesGlob(rel, exclude) : true))
    .sort();
  const objects: RenderedObject[] = [];
  for (const rel of chosen) {
    const text = await readFile(join(dir, rel), 'utf8');
    objects.push(...parseManifests(text, join(appPath, rel)));
  }
  return objects;
}

async function listFiles(dir: string, recurse: boolean): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recurse && !entry.name.startsWith('.')) out.push(...(await listFiles(full, true)));
    } else if (entry.isFile()) {
      out.push(full);
    }
  }
  return out;
}
