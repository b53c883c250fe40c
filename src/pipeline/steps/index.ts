// Slipway's own pipeline steps (`uses: slipway/<name>`): building, pushing, scanning and
// describing images, scanning history for committed secrets, gating on coverage, keeping
// artifacts, bumping the config repository and notifying. Each is a StepAction; the runner
// interpolates inputs and records what they return.
import type { StepActions } from '../run/step-action.js';
import { artifact } from './artifact.js';
import { coverageGate } from './coverage-gate.js';
import { gitopsBump } from './gitops-bump.js';
import { imageBuild } from './image-build.js';
import { imagePush } from './image-push.js';
import { imageScan } from './image-scan.js';
import { notify } from './notify.js';
import { sbom } from './sbom.js';
import { secretScan } from './secret-scan.js';
import { guarded } from './step-io.js';

export type StepActionsOptions = {
  /** Waits between gitops-bump push attempts (default 0.2, 0.4, 0.8, 1.6 s: five attempts). */
  readonly bumpRetryDelaysMs?: readonly number[];
  /** Waits between notify attempts (default 0.5, 1, 2 s). */
  readonly notifyRetryDelaysMs?: readonly number[];
};

export function defaultStepActions(options: StepActionsOptions = {}): StepActions {
  const bump = options.bumpRetryDelaysMs;
  const retries = options.notifyRetryDelaysMs;
  const actions = {
    'slipway/image-build': imageBuild,
    'slipway/image-push': imagePush,
    'slipway/image-scan': imageScan,
    'slipway/sbom': sbom,
    'slipway/secret-scan': secretScan,
    'slipway/coverage-gate': coverageGate,
    'slipway/artifact': artifact,
    'slipway/gitops-bump': gitopsBump(bump === undefined ? {} : { retryDelaysMs: bump }),
    'slipway/notify': notify(retries === undefined ? {} : { retryDelaysMs: retries }),
  };
  return Object.fromEntries(
    Object.entries(actions).map(([name, action]) => [
      name,
      guarded(name.slice('slipway/'.length), action),
    ]),
  );
}

export {
  artifact,
  coverageGate,
  gitopsBump,
  imageBuild,
  imagePush,
  imageScan,
  notify,
  sbom,
  secretScan,
};
export { findGitleaks } from './gitleaks-path.js';
export type { GitopsBumpOptions } from './gitops-bump.js';
export type { NotifyOptions } from './notify.js';
