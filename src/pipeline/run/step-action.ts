import type { TriggerEvent } from '../plan/index.js';

// The seam between the runner and the steps it can run natively (`uses:`): the runner
// interpolates inputs, masks secrets in logs and records results; a step only does its job.

export type StepContext = {
  /** The job's workspace: the checked-out repository. */
  readonly workspace: string;
  /** The step's `with`, expressions already interpolated. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The environment the step would see (pipeline, job and step env merged). */
  readonly env: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
  readonly run: {
    readonly id: string;
    readonly pipeline: string;
    readonly job: string;
    readonly event: TriggerEvent;
    /** Where this run keeps its artifacts (outside the workspace). */
    readonly artifactsDir: string;
    /** A directory shared by runs of the same repository (actions/cache). */
    readonly cacheDir: string;
    /**
     * The run's own identity token for `audience` (sub `pipeline:<repo>:<pipeline>`, expiring
     * with the run, like GitHub Actions' OIDC token); absent when no issuer runs the pipeline.
     */
    readonly identityToken?: (audience: string) => string;
  };
  /** One line of the step's log; the runner stores it and masks secrets. */
  readonly log: (line: string) => void;
  /** Aborted on cancellation or timeout; long work must stop when it fires. */
  readonly signal: AbortSignal;
};

export type StepArtifact = { readonly name: string; readonly path: string };

export type StepResult = {
  readonly outcome: 'success' | 'failure';
  /** What `steps.<id>.outputs` shows to later steps. */
  readonly outputs?: Readonly<Record<string, string>>;
  /** Why it failed, for people: "coverage 73.4% is below 80%". */
  readonly message?: string;
  readonly artifacts?: readonly StepArtifact[];
};

export type StepAction = (context: StepContext) => Promise<StepResult>;

/** Native steps by their `uses` name without version: `slipway/image-build`, `actions/checkout`. */
export type StepActions = Readonly<Record<string, StepAction>>;
