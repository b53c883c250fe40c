// Preview environments per pull request: when a pull request's pipeline pushes an image, a
// namespace `pr-<N>-<app>` with an Application rendering the app's config with that image and
// a URL; deleted on close, expiry (TTL) or by hand. Decisions are pure; PreviewManager acts.
export {
  PreviewManager,
  unpreviewableReason,
  type PipelineResult,
  type PreviewManagerOptions,
} from './preview-manager.js';
export {
  planPreview,
  type PreviewAction,
  type PreviewDecision,
  type PreviewEvent,
} from './preview-plan.js';
export { admitPreview, expiredPreviews, expiryFrom, type Admission } from './preview-policy.js';
export {
  dnsSafe,
  isDnsLabel,
  labelValue,
  previewImageTags,
  previewNamespace,
} from './preview-names.js';
export {
  applicationRefOf,
  nodePortOf,
  ownsNamespace,
  previewApplication,
  previewNamespaceObject,
  previewService,
  previewUrl,
  syncProgress,
  type PreviewIdentity,
  type PreviewSpecInput,
  type SyncProgress,
} from './preview-objects.js';
export {
  imageOverride,
  sameRepo,
  targetFor,
  targetsOfRepo,
  type PreviewTarget,
} from './preview-target.js';
export { imageByDigest, pushedImage, type PushedImage } from './pushed-image.js';
export { PreviewCluster, PreviewRefusedError, previewFieldManager } from './preview-cluster.js';
export { previewNotice, type PreviewNotice } from './preview-notice.js';
export { SqlitePreviewStore, type PreviewFilter, type PreviewStore } from './preview-store.js';
export {
  isMissingTag,
  skopeoRegistryTags,
  type RegistryTags,
  type TagDeletion,
} from './registry-tags.js';
export {
  defaultPreviewLimit,
  defaultPreviewTtlMs,
  deployedStatuses,
  isListed,
  previewAnnotations,
  previewLabels,
  resourcesFinalizer,
  type PreviewOutcome,
  type PreviewRecord,
  type PreviewStatus,
} from './preview-record.js';
