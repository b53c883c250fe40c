// Rendering an Application's source (plain directory, Kustomize, Helm) from a checked-out
// tree into Kubernetes objects; errors name the file and line. No cluster access here.
export { renderSource, renderKey, RenderCache } from './render-source.js';
export type { RenderTools, RenderContext, RenderResult } from './render-source.js';
export type { RenderedObject } from './rendered-object.js';
export { groupOf } from './rendered-object.js';
export type { SourceType } from './source-type.js';
export { parseManifests } from './parse-manifests.js';
