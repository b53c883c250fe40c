import type { ApplicationSource } from '../../config/index.js';

export type SourceType = 'Directory' | 'Kustomize' | 'Helm';

const kustomizationFiles = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Picks the tool the way Argo CD does: explicit options first, then the files found. Pure. */
export function detectSourceType(
  source: ApplicationSource,
  filesInPath: readonly string[],
): SourceType {
  if (source.helm !== undefined) return 'Helm';
  if (source.kustomize !== undefined) return 'Kustomize';
  if (source.directory !== undefined) return 'Directory';
  if (filesInPath.some((f) => kustomizationFiles.includes(f))) return 'Kustomize';
  if (filesInPath.includes('Chart.yaml')) return 'Helm';
  return 'Directory';
}
