import { cp, mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { StepAction } from '../step-action.js';
import { inputPaths, shownPath } from './step-paths.js';

/** actions/upload-artifact: copies `path` (one per line) to the run's artifacts under `name`. */
export const uploadArtifactAction: StepAction = async (context) => {
  const name = context.inputs['name'] || 'artifact';
  if (/[/\\]|^\.\.?$/.test(name)) {
    return { outcome: 'failure', message: `artifact name "${name}" must not contain / or \\` };
  }
  const paths = inputPaths(context.inputs['path'], context.workspace);
  if (paths.length === 0) return { outcome: 'failure', message: 'with.path names no files' };
  const target = join(context.run.artifactsDir, name);
  await mkdir(target, { recursive: true });
  const missing: string[] = [];
  for (const path of paths) {
    if (!(await exists(path))) {
      missing.push(shownPath(path, context.workspace));
      continue;
    }
    await cp(path, join(target, basename(path)), { recursive: true });
    context.log(`uploaded ${shownPath(path, context.workspace)} to artifact ${name}`);
  }
  const ifMissing = context.inputs['if-no-files-found'] || 'warn';
  if (missing.length > 0) {
    const text = `no files found at ${missing.join(', ')}`;
    if (ifMissing === 'error') return { outcome: 'failure', message: text };
    if (ifMissing === 'warn') context.log(`warning: ${text}`);
  }
  return {
    outcome: 'success',
    outputs: { 'artifact-path': target },
    artifacts: [{ name, path: target }],
  };
};

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
