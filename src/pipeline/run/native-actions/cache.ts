import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StepAction, StepContext, StepResult } from '../step-action.js';
import { inputPaths, shownPath } from './step-paths.js';

// actions/cache: restores `path` saved under `key` (or the newest entry whose key starts with
// one of `restore-keys`) from the repository's cache; the post step saves it after a successful
// job when the key had no exact entry, as GitHub's action does.

type Entry = { readonly key: string; readonly dir: string; readonly savedAt: number };

const entriesDir = (context: StepContext): string => join(context.run.cacheDir, 'actions-cache');
const entryDir = (context: StepContext, key: string): string =>
  join(entriesDir(context), createHash('sha256').update(key).digest('hex').slice(0, 32));

export const cacheRestoreAction: StepAction = async (context): Promise<StepResult> => {
  const key = context.inputs['key'];
  if (!key) return { outcome: 'failure', message: 'with.key is required' };
  const paths = inputPaths(context.inputs['path'], context.workspace);
  const prefixes = (context.inputs['restore-keys'] ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const entries = await listEntries(context);
  const exact = entries.find((entry) => entry.key === key);
  const partial = entries
    .filter((entry) => prefixes.some((prefix) => entry.key.startsWith(prefix)))
    .sort((a, b) => b.savedAt - a.savedAt)[0];
  const found = exact ?? partial;
  if (found === undefined) {
    context.log(`cache not found for key ${key}`);
    return { outcome: 'success', outputs: { 'cache-hit': 'false' } };
  }
  for (const [index, path] of paths.entries()) {
    const saved = join(found.dir, String(index));
    if (!(await exists(saved))) continue;
    await rm(path, { recursive: true, force: true });
    await cp(saved, path, { recursive: true });
    context.log(`restored ${shownPath(path, context.workspace)} from key ${found.key}`);
  }
  return {
    outcome: 'success',
    outputs: { 'cache-hit': String(exact !== undefined), 'cache-matched-key': found.key },
  };
};

export const cacheSaveAction: StepAction = async (context) => {
  const key = context.inputs['key'] ?? '';
  const target = entryDir(context, key);
  if (key === '' || (await exists(target))) return { outcome: 'success' };
  const paths = inputPaths(context.inputs['path'], context.workspace);
  // Written beside and renamed into place, so a reader never sees half an entry.
  const partial = `${target}.${process.pid}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  for (const [index, path] of paths.entries()) {
    if (await exists(path)) await cp(path, join(partial, String(index)), { recursive: true });
  }
  await writeFile(join(partial, 'key'), key);
  try {
    await rename(partial, target);
    context.log(`saved ${paths.map((p) => shownPath(p, context.workspace)).join(', ')} as ${key}`);
  } catch {
    // Another job saved the same key first; theirs is as good.
    await rm(partial, { recursive: true, force: true });
  }
  return { outcome: 'success' };
};

async function listEntries(context: StepContext): Promise<Entry[]> {
  const root = entriesDir(context);
  const names = await readdir(root).catch(() => [] as string[]);
  const entries: Entry[] = [];
  for (const name of names.filter((n) => !n.endsWith('.partial'))) {
    const dir = join(root, name);
    try {
      const key = await readFile(join(dir, 'key'), 'utf8');
      entries.push({ key, dir, savedAt: (await stat(dir)).mtimeMs });
    } catch {
      // Not an entry.
    }
  }
  return entries;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
