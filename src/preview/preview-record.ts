import type { PreviewAction } from './preview-plan.js';

// What Slipway remembers about one preview: which pull request and app, where it runs, which
// commit and image it shows, and how it is doing.

export type PreviewStatus =
  /** Its namespace and Application are being made or changed. */
  | 'Creating'
  /** Synced, Healthy, and its URL answers. */
  | 'Ready'
  /** Deployed, but not Synced and Healthy in time; the message says what is wrong. */
  | 'Degraded'
  /** Refused before anything was deployed (namespace refused, limit reached): nothing to clean. */
  | 'Failed'
  /** Its Application or namespace is being deleted, or could not be yet (see the message). */
  | 'Deleting'
  /** Gone; kept so a late result for the closed pull request is recognised and discarded. */
  | 'Deleted';

export type PreviewRecord = {
  readonly pr: number;
  readonly app: string;
  /** `pr-<number>-<app>`, RFC 1123-safe: also the Application's name. */
  readonly namespace: string;
  /** Where the preview's Application lives (the controller must watch it). */
  readonly applicationNamespace: string;
  /** The app repository whose pipeline pushed the image. */
  readonly repo: string;
  /** The pull request's head branch, for people only: it never goes into a name. */
  readonly branch: string | undefined;
  readonly sha: string;
  /** The pushed image by digest, `registry/repository@sha256:…`; '' when none was ever pushed. */
  readonly image: string;
  readonly url: string | undefined;
  readonly status: PreviewStatus;
  readonly message: string | undefined;
  /** When the event behind the current sha was received (its run's creation): the race order. */
  readonly eventAt: string;
  /** When the pull request was closed (or the preview deleted); later results older than it are discarded. */
  readonly closedAt: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly expiresAt: string;
};

/** Previews that hold cluster resources and count against the limit. */
export const deployedStatuses: readonly PreviewStatus[] = ['Creating', 'Ready', 'Degraded'];

/** Previews `slipway preview list` shows by default: all but the deleted. */
export const isListed = (record: PreviewRecord): boolean => record.status !== 'Deleted';

export const previewLabels = {
  pr: 'slipway.dev/preview-pr',
  app: 'slipway.dev/preview-app',
} as const;

export const previewAnnotations = {
  url: 'slipway.dev/preview-url',
  sha: 'slipway.dev/preview-sha',
  branch: 'slipway.dev/preview-branch',
} as const;

/** The GitOps engine deletes what an Application deployed before letting it go (src/gitops). */
export const resourcesFinalizer = 'resources-finalizer.slipway.dev';

export const defaultPreviewTtlMs = 72 * 3600_000;
export const defaultPreviewLimit = 10;

/** What one event did to a preview, and why. */
export type PreviewOutcome = {
  readonly app: string | undefined;
  readonly pr: number | undefined;
  readonly action: PreviewAction;
  readonly reason: string;
  readonly preview?: PreviewRecord;
};
