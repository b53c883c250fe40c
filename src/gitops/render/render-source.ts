import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { ApplicationSource } from '../../config/index.js';
import { ExternalCommandError, InputError } from '../../errors/index.js';
import { renderDirectory } from './render-directory.js';
import { renderHelm } from './render-helm.js';
import { renderKustomize } from './render-kustomize.js';
import type { RenderedObject } from './rendered-object.js';
import { detectSourceType, type SourceType } from './source-type.js';

export type RenderTools = { readonly kustomize: string; readonly helm: string };
export type RenderContext = {
  /** Names the repo and revision in errors. */
  readonly repoURL: string;
  readonly revision: string;
  readonly appName: string;
  readonly namespace: string;
};
export type RenderResult = {
  readonly sourceType: SourceType;
  readonly objects: readonly RenderedObject[];
};

/** Renders an Application's source from a checked-out tree; never touches the cluster. */
export async function renderSource(
  tools: RenderTools,
  root: string,
  source: ApplicationSource,
  context: RenderContext,
): Promise<RenderResult> {
  const appPath = normalize(source.path ?? '.').replace(/^\.\/?$/, '');
  if (appPath.startsWith('..') || appPath.startsWith('/')) {
    throw new InputError(`spec.source.path: "${source.path}" leaves the repository`, {
      hint: 'give a path relative to the repository root, without ..',
    });
  }
  const dir = join(root, appPath);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError(
      `spec.source.path: "${source.path}" does not exist in ${context.repoURL} at ${context.revision.slice(0, 12)}`,
      { hint: 'fix the path or push the folder to the repository' },
    );
  }
  const sourceType = detectSourceType(source, readdirSync(dir));
  try {
    const objects =
      sourceType === 'Kustomize'
        ? await renderKustomize(tools.kustomize, root, appPath, source)
        : sourceType === 'Helm'
          ? await renderHelm(tools.helm, root, appPath, source, {
              releaseName: context.appName,
              namespace: context.namespace,
            })
          : await renderDirectory(root, appPath, source);
    return { sourceType, objects };
  } catch (error) {
    if (error instanceof ExternalCommandError) {
      throw new InputError(
        `${sourceType.toLowerCase()} failed to render ${appPath || '.'}: ${error.output.trim().split('\n').slice(-5).join(' ')}`,
        {
          hint: 'run the same tool on the folder locally, fix the error and push',
          cause: error,
        },
      );
    }
    throw error;
  }
}

/** The cache key of a render: same repo, revision, path and options give the same objects. */
export function renderKey(
  repoKey: string,
  revision: string,
  source: ApplicationSource,
  context: RenderContext,
): string {
  const options = JSON.stringify([
    source.path,
    source.directory,
    source.kustomize,
    source.helm,
    context.appName,
    context.namespace,
  ]);
  return `${repoKey}@${revision}:${createHash('sha256').update(options).digest('hex').slice(0, 16)}`;
}

/** Renders once per key; concurrent callers share the work. Keeps the newest `limit` results. */
export class RenderCache {
  private readonly entries = new Map<string, Promise<RenderResult>>();

  constructor(private readonly limit = 2000) {}

  get(key: string, render: () => Promise<RenderResult>): Promise<RenderResult> {
    const hit = this.entries.get(key);
    if (hit) return hit;
    const pending = render();
    this.entries.set(key, pending);
    pending.catch(() => this.entries.delete(key));
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return pending;
  }
}
