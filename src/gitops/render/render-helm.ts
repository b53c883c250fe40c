import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ApplicationSource } from '../../config/index.js';
import { runCommand } from '../../exec/index.js';
import { parseManifests } from './parse-manifests.js';
import type { RenderedObject } from './rendered-object.js';

export type HelmContext = { readonly releaseName: string; readonly namespace: string };

/** `helm template` arguments for the Application's helm options; values go in files. Pure. */
export function helmTemplateArgs(
  chartDir: string,
  source: ApplicationSource,
  context: HelmContext,
  inlineValuesFile: string | undefined,
): string[] {
  const h = source.helm ?? {};
  const args = ['template', h.releaseName || context.releaseName, chartDir, '--include-crds'];
  if (context.namespace) args.push('--namespace', context.namespace);
  for (const file of h.valueFiles ?? []) args.push('--values', join(chartDir, file));
  if (inlineValuesFile) args.push('--values', inlineValuesFile);
  for (const p of h.parameters ?? [])
    args.push(p.forceString ? '--set-string' : '--set', `${p.name}=${p.value}`);
  return args;
}

export async function renderHelm(
  helm: string,
  root: string,
  appPath: string,
  source: ApplicationSource,
  context: HelmContext,
): Promise<RenderedObject[]> {
  const h = source.helm ?? {};
  // valuesObject wins over values, as in Argo CD.
  const inline = h.valuesObject !== undefined ? stringify(h.valuesObject) : h.values;
  const tmp = inline ? await mkdtemp(join(tmpdir(), 'slipway-helm-')) : undefined;
  try {
    const valuesFile = tmp ? join(tmp, 'values.yaml') : undefined;
    if (valuesFile && inline) await writeFile(valuesFile, inline);
    const args = helmTemplateArgs(join(root, appPath), source, context, valuesFile);
    const out = await runCommand(helm, args, {
      displayName: `helm template ${appPath}`,
      env: { ...process.env, HELM_CACHE_HOME: join(tmpdir(), 'slipway-helm-cache') },
    });
    return parseManifests(out, `helm template ${appPath || '.'}`);
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}
