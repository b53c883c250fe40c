// The GitHub actions Slipway runs itself rather than fetching them: checkout, setup-python,
// upload-artifact and cache, coded against the same StepAction seam as Slipway's own steps.
import type { StepActions } from '../step-action.js';
import { cacheRestoreAction, cacheSaveAction } from './cache.js';
import { checkoutAction } from './checkout.js';
import { setupPythonAction } from './setup-python.js';
import { uploadArtifactAction } from './upload-artifact.js';

export const nativeStepActions: StepActions = {
  'actions/checkout': checkoutAction,
  'actions/setup-python': setupPythonAction,
  'actions/upload-artifact': uploadArtifactAction,
  'actions/cache': cacheRestoreAction,
};

/** Steps run after a job succeeds, for the `uses:` steps that have one. */
export const nativePostStepActions: StepActions = {
  'actions/cache': cacheSaveAction,
};
